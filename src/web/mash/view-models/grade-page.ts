import type { RuleBreak } from '../../../common/rule-break';
import { gradeRank, Grade, GRADES } from '../../../modules/triage/domain/grades';
import { pageTitle } from '../../view-models/page';
import { gradeTag } from './words';

export interface GradeInput {
  contactId: string;
  reference: string;
  childName: string;
  childParam: string;
  subject: {
    grade: Grade | null;
    provisionalGrade: Grade | null;
    confirmedGrade: Grade | null;
    firedRules: { ruleId: string; description: string; minimumGrade: Grade }[];
    flags: { label: string; causingContacts: { reference?: string }[] }[];
    pendingApproval: { requestedGrade: Grade | null } | null;
  };
  referrerUrgency: string | null;
  framework: { grades: Record<string, { definition: string; requiredResponse: string; decisionDeadline: string; criteria: { id: string; text: string }[] }> };
}

export interface GradeAnswers {
  criterion?: string;
  rationale?: string;
}

/** The grade a criterion belongs to: criterion ids start with their grade (RED.likely-significant-harm). */
export function gradeOfCriterion(criterion: string): Grade | null {
  const g = criterion.split('.')[0];
  return (GRADES as readonly string[]).includes(g) ? (g as Grade) : null;
}

/**
 * Whether confirming this grade needs a manager (SPEC RAG-3): lowering the provisional or current
 * grade, or grading below RED when the referrer said the child is at immediate risk. The use case
 * decides; the page says so before the worker sends it.
 */
export function needsApproval(chosen: Grade, current: Grade | null, provisional: Grade | null, urgency: string | null): boolean {
  const floor = [current, provisional].filter((g): g is Grade => !!g).reduce((a, g) => (gradeRank(g) > gradeRank(a) ? g : a), 'GREEN' as Grade);
  return gradeRank(chosen) < gradeRank(floor) || (urgency === 'immediate_risk' && chosen !== 'RED');
}

/** Confirm or change a child's grade (SPEC RAG-3): the rules that fired, in words, then the criterion and why. */
export function gradePage(input: GradeInput, answers: GradeAnswers = {}, details: RuleBreak[] = []) {
  const s = input.subject;
  const errors = details.map((d) => {
    const field = d.field === 'grade' ? 'criterion' : d.field === 'rationale' ? 'rationale' : d.field === 'criterion' ? 'criterion' : 'criterion';
    const text = d.rule === 'minLength' && field === 'rationale' ? 'Say why, in at least 10 characters' : d.field === 'criterion' && (d.rule === 'isString' || d.rule === 'isIn') ? 'Select the criterion the child meets' : d.message;
    return { field, text };
  });
  const byField = Object.fromEntries(errors.map((e) => [e.field, { text: e.text }]));
  const criteria = [...GRADES].reverse().flatMap((g) => {
    const def = input.framework.grades[g];
    if (!def) return [];
    return [
      { divider: `${gradeTag(g).text}: ${def.definition}` },
      ...def.criteria.map((c) => ({ value: c.id, text: `${gradeTag(g).text}: ${c.text}`, hint: { text: `${def.requiredResponse.replace(/\.$/, "")}. Decision due within ${def.decisionDeadline}.` }, checked: answers.criterion === c.id })),
    ];
  });
  return {
    title: pageTitle(`Confirm the grade for ${input.childName}`, errors.length > 0),
    caption: `Contact ${input.reference}`,
    heading: `Confirm the grade for ${input.childName}`,
    backLink: `/mash/contacts/${input.contactId}`,
    action: `/mash/contacts/${input.contactId}/children/${input.childParam}/grade`,
    current: gradeTag(s.grade),
    provisional: gradeTag(s.provisionalGrade),
    confirmed: s.confirmedGrade ? gradeTag(s.confirmedGrade) : null,
    pending: s.pendingApproval ? gradeTag(s.pendingApproval.requestedGrade) : null,
    rules: s.firedRules.map((r) => ({ text: r.description, grade: gradeTag(r.minimumGrade), id: r.ruleId })),
    flags: s.flags.map((f) => ({ label: f.label, contacts: f.causingContacts.map((c) => c.reference).filter(Boolean).join(', ') })),
    immediateRisk: input.referrerUrgency === 'immediate_risk',
    criteria,
    rationale: answers.rationale ?? '',
    errorSummary: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
    errors: byField,
  };
}
