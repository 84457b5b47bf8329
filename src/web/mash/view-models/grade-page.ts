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

/**
 * The framework's criteria as radios, Red first, each grade's meaning as its divider (RAG-1). The
 * first radio carries the group's id, which the error summary links to (GOV.UK numbers dividers too,
 * so no radio would have it otherwise).
 */
function criterionItems(framework: GradeInput['framework'], idPrefix: string, chosen: string | undefined, only?: Grade) {
  const items: ({ divider: string } | { id?: string; value: string; text: string; hint: { text: string }; checked: boolean })[] = [];
  for (const g of [...GRADES].reverse()) {
    const def = framework.grades[g];
    if (!def || (only && g !== only)) continue;
    items.push({ divider: `${gradeTag(g).text}: ${def.definition}` });
    for (const c of def.criteria) {
      const first = !items.some((i) => 'value' in i);
      items.push({ ...(first ? { id: idPrefix } : {}), value: c.id, text: `${gradeTag(g).text}: ${c.text}`, hint: { text: `${def.requiredResponse.replace(/\.$/, '')}. Decision due within ${def.decisionDeadline}.` }, checked: chosen === c.id });
    }
  }
  return items;
}

export interface HandGradeInput {
  contactId: string;
  reference: string;
  gradingFailure: string | null;
  referrerUrgency: string | null;
  framework: GradeInput['framework'];
  children: { subjectId: string; name: string }[];
}

/** Posted answers per child, in the order of `children`. */
export type HandGradeAnswers = GradeAnswers[];

/**
 * Grading a contact by hand (SPEC RAG-2, RAG-3) when every automatic attempt failed: a criterion and
 * a rationale for each child, sent together. When the referrer said "immediate risk" only Red's
 * criteria are offered, as the use case allows nothing lower (a lower grade is asked for afterwards
 * and approved by a manager).
 */
export function handGradePage(input: HandGradeInput, answers: HandGradeAnswers = [], details: RuleBreak[] = []) {
  const immediateRisk = input.referrerUrgency === 'immediate_risk';
  const errors = details.map((d) => {
    const at = /^children\[(\d+)\]\.(\w+)$/.exec(d.field);
    const index = at ? Number(at[1]) : 0;
    const part = at && at[2] === 'rationale' ? 'rationale' : 'criterion';
    const name = input.children[index]?.name ?? 'the child';
    const text =
      part === 'rationale' && (d.rule === 'minLength' || d.rule === 'isString') ? `Say why you chose this grade for ${name}, in at least 10 characters`
        : part === 'criterion' && ['isString', 'isIn', 'RAG-3.criterion'].includes(d.rule) ? `Select the criterion ${name} meets`
          : d.message;
    return { field: `${part}-${index}`, text };
  }).filter((e, i, all) => all.findIndex((x) => x.field === e.field) === i); // a missing criterion also breaks the grade's rule: one message
  const byField = Object.fromEntries(errors.map((e) => [e.field, { text: e.text }]));
  const single = input.children.length === 1;
  const heading = single ? `Grade ${input.children[0].name} by hand` : 'Grade the children by hand';
  return {
    title: pageTitle(heading, errors.length > 0),
    caption: `Contact ${input.reference}`,
    heading,
    failure: input.gradingFailure ?? 'Automatic grading failed.',
    immediateRisk,
    action: `/mash/contacts/${input.contactId}/grade-by-hand`,
    backLink: `/mash/contacts/${input.contactId}`,
    children: input.children.map((c, i) => ({
      index: i,
      subjectId: c.subjectId,
      name: c.name,
      criteria: criterionItems(input.framework, `criterion-${i}`, answers[i]?.criterion, immediateRisk ? 'RED' : undefined),
      rationale: answers[i]?.rationale ?? '',
      errors: { criterion: byField[`criterion-${i}`], rationale: byField[`rationale-${i}`] },
    })),
    errorSummary: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
  };
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
  const criteria = criterionItems(input.framework, 'criterion', answers.criterion);
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
