import type { RuleBreak } from '../../../common/rule-break';
import { BELOW_THRESHOLD_OUTCOMES, DECISION_OUTCOMES, DecisionOutcome } from '../../../modules/decisions/domain/decision-vocabulary';
import type { DateParts, FormBody } from '../../forms/form-values';
import { dateItems, dateParts, isoDate, text } from '../../forms/form-values';
import { formatDate } from '../../view-models/dates';
import { pageTitle } from '../../view-models/page';
import { caseErrors, CaseField } from './case-errors';

export const OUTCOME_WORDS: Record<DecisionOutcome, string> = {
  nfa: 'No further action',
  advice_signpost: 'Advice and signposting',
  early_help: 'Early help, with a named lead professional',
  cin_assessment: 'Child and family assessment (section 17)',
  strategy_discussion: 'Strategy discussion (section 47 pathway)',
  immediate_protection: 'Immediate protection (police protection or an emergency protection order)',
  existing_case: 'Already open: pass to the allocated worker',
};

export const LEVEL_WORDS: Record<string, string> = { '1': 'Level 1: universal', '2': 'Level 2: early help', '3': 'Level 3: child in need (section 17)', '4': 'Level 4: child protection (section 47)' };

export const APPROVAL_WORDS: Record<string, string> = {
  'DEC-4.nfa': 'Every no further action is approved by a manager',
  'DEC-4.downgrade': 'The outcome is lower than the grade calls for',
  'DEC-4.override': 'A manager overrode a rule; another manager approves it',
  'DEC-4.step-down-cp-indicator': 'A child protection indicator was recorded for this child before',
  'DEC-3.accumulation-flag': 'The child has accumulation flags',
  'RAG-6.pre-closure': 'The decision is made just before a closure period: a second manager reviews it',
};

/** What was typed into the decision form, kept as typed (strings), so a refused form comes back filled in. */
export interface DecisionAnswers {
  outcome: string;
  thresholdLevel: string;
  rationale: string;
  historyReviewed: boolean;
  riskAnalysis: string;
  reasonsThresholdNotMet: string;
  alternativeSupport: string;
  reasonCodes: string[];
  childSeenAlone: string;
  childSeenAloneWhyNot: string;
  checksDone: boolean;
  strategyDiscussionConsidered: boolean;
  referrerDisagreementAddressed: string;
  overrideReason: string;
  leadProfessionalName: string;
  leadProfessionalAgencyId: string;
  leadProfessionalEmail: string;
  /** The step-down an early_help decision proposes (SPEC STEP-2). */
  stepDownRiskHandover: string;
  planAction: string;
  planOwner: string;
  planSuccess: string;
  stepDownReview: DateParts;
}

/** A repeated form field (checkboxes) as a list of strings. */
export function values(body: FormBody, name: string): string[] {
  const v = body[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return typeof v === 'string' && v.length ? [v] : [];
}

/**
 * The below-threshold questions are revealed under both "No further action" and "Advice", so each
 * has its own inputs (name-outcome); the chosen outcome's are the answers.
 */
export function decisionAnswers(body: FormBody): DecisionAnswers {
  const outcome = text(body, 'outcome');
  const below = (name: string) => text(body, (BELOW_THRESHOLD_OUTCOMES as readonly string[]).includes(outcome) ? `${name}-${outcome}` : name);
  return {
    outcome,
    thresholdLevel: text(body, 'thresholdLevel'),
    rationale: text(body, 'rationale'),
    historyReviewed: values(body, 'historyReviewed').includes('yes'),
    riskAnalysis: below('riskAnalysis'),
    reasonsThresholdNotMet: below('reasonsThresholdNotMet'),
    alternativeSupport: below('alternativeSupport'),
    reasonCodes: values(body, 'reasonCodes'),
    childSeenAlone: text(body, 'childSeenAlone'),
    childSeenAloneWhyNot: text(body, 'childSeenAloneWhyNot'),
    checksDone: values(body, 'checksDone').includes('yes'),
    strategyDiscussionConsidered: values(body, 'strategyDiscussionConsidered').includes('yes'),
    referrerDisagreementAddressed: text(body, 'referrerDisagreementAddressed'),
    overrideReason: text(body, 'overrideReason'),
    leadProfessionalName: text(body, 'leadProfessionalName'),
    leadProfessionalAgencyId: text(body, 'leadProfessionalAgencyId'),
    leadProfessionalEmail: text(body, 'leadProfessionalEmail'),
    stepDownRiskHandover: text(body, 'stepDownRiskHandover'),
    planAction: text(body, 'planAction'),
    planOwner: text(body, 'planOwner'),
    planSuccess: text(body, 'planSuccess'),
    stepDownReview: dateParts(body, 'stepDownReviewDate'),
  };
}

const orUndefined = (s: string) => (s ? s : undefined);

/**
 * The API's decision body from the form. Answers that belong to another outcome's follow-up
 * questions (a hidden conditional reveal still posts them) are left out; an override reason is a
 * manager's only.
 */
export function decisionBody(a: DecisionAnswers, isManager: boolean): Record<string, unknown> {
  const below = (BELOW_THRESHOLD_OUTCOMES as readonly string[]).includes(a.outcome);
  return {
    outcome: a.outcome || undefined,
    thresholdLevel: /^\d$/.test(a.thresholdLevel) ? Number(a.thresholdLevel) : a.thresholdLevel || undefined,
    rationale: a.rationale || undefined,
    historyReviewed: a.historyReviewed,
    riskAnalysis: below ? orUndefined(a.riskAnalysis) : undefined,
    reasonsThresholdNotMet: below ? orUndefined(a.reasonsThresholdNotMet) : undefined,
    alternativeSupport: below ? a.alternativeSupport.split(/\r?\n/).map((s) => s.trim()).filter(Boolean) : undefined,
    reasonCodes: a.reasonCodes,
    childSeenAlone: orUndefined(a.childSeenAlone),
    childSeenAloneWhyNot: a.childSeenAlone === 'no' ? orUndefined(a.childSeenAloneWhyNot) : undefined,
    checksDone: a.checksDone || undefined,
    strategyDiscussionConsidered: a.strategyDiscussionConsidered || undefined,
    referrerDisagreementAddressed: orUndefined(a.referrerDisagreementAddressed),
    overrideReason: isManager ? orUndefined(a.overrideReason) : undefined,
    ...(a.outcome === 'early_help' ? earlyHelpBody(a) : { leadProfessional: undefined, stepDown: undefined }),
  };
}

/**
 * An early_help decision proposes the step-down (SPEC STEP-2): the lead professional and the handover
 * as typed; a missing part is the step-down guard's 422, each part named.
 */
function earlyHelpBody(a: DecisionAnswers): Record<string, unknown> {
  const anyLead = a.leadProfessionalName || a.leadProfessionalAgencyId || a.leadProfessionalEmail;
  const anyPlan = a.planAction || a.planOwner || a.planSuccess;
  return {
    leadProfessional: anyLead ? { name: a.leadProfessionalName || undefined, agencyId: orUndefined(a.leadProfessionalAgencyId), email: orUndefined(a.leadProfessionalEmail) } : undefined,
    stepDown: {
      riskHandover: orUndefined(a.stepDownRiskHandover),
      plan: { actions: anyPlan ? [{ action: a.planAction || undefined, owner: a.planOwner || undefined, successCriteria: a.planSuccess || undefined }] : [] },
      reviewDate: isoDate(a.stepDownReview) ?? undefined,
    },
  };
}

export const decisionFields = (outcome: string): CaseField[] => DECISION_FIELDS.map((f) =>
  ['riskAnalysis', 'reasonsThresholdNotMet', 'alternativeSupport'].includes(f.field) ? { ...f, input: `${f.input}-${outcome === 'advice_signpost' ? 'advice_signpost' : 'nfa'}` } : f,
);

export const DECISION_FIELDS: CaseField[] = [
  { field: 'outcome', input: 'outcome', label: 'Outcome' },
  { field: 'thresholdLevel', input: 'thresholdLevel', label: 'Threshold level' },
  { field: 'riskAnalysis', input: 'riskAnalysis', label: 'Risk analysis' },
  { field: 'reasonsThresholdNotMet', input: 'reasonsThresholdNotMet', label: 'Why the threshold is not met' },
  { field: 'alternativeSupport', input: 'alternativeSupport', label: 'Other support suggested' },
  { field: 'leadProfessional.name', input: 'leadProfessionalName', label: "Lead professional's name" },
  { field: 'leadProfessional.agencyId', input: 'leadProfessionalAgencyId', label: "Lead professional's agency" },
  { field: 'leadProfessional.email', input: 'leadProfessionalEmail', label: "Lead professional's e-mail address" },
  { field: 'leadProfessional', input: 'leadProfessionalName', label: 'Lead professional' },
  { field: 'stepDown.riskHandover', input: 'stepDownRiskHandover', label: 'Risk handover' },
  { field: 'stepDown.plan.actions[0].action', input: 'planAction', label: 'Action' },
  { field: 'stepDown.plan.actions[0].owner', input: 'planOwner', label: 'Who does it' },
  { field: 'stepDown.plan.actions[0].successCriteria', input: 'planSuccess', label: 'How you will know it worked' },
  { field: 'stepDown.plan.actions', input: 'planAction', label: 'Plan' },
  { field: 'stepDown.plan', input: 'planAction', label: 'Plan' },
  { field: 'stepDown.reviewDate', input: 'stepDownReviewDate-day', label: 'Review date' },
  { field: 'stepDown', input: 'stepDownRiskHandover', label: 'Step-down' },
  { field: 'reasonCodes', input: 'reasonCodes', label: 'Reasons' },
  { field: 'childSeenAlone', input: 'childSeenAlone', label: 'Whether the child was seen alone' },
  { field: 'childSeenAloneWhyNot', input: 'childSeenAloneWhyNot', label: 'Why the child was not seen alone' },
  { field: 'checksDone', input: 'checksDone', label: 'Agency checks done' },
  { field: 'strategyDiscussionConsidered', input: 'strategyDiscussionConsidered', label: 'Strategy discussion considered' },
  { field: 'rationale', input: 'rationale', label: 'Rationale' },
  { field: 'referrerDisagreementAddressed', input: 'referrerDisagreementAddressed', label: "Answer to the referrer's view" },
  { field: 'overrideReason', input: 'overrideReason', label: 'Reason for overriding' },
  { field: 'historyReviewed', input: 'historyReviewed', label: 'History reviewed' },
  { field: 'checks', input: 'checks', label: 'Agency checks' },
];

export interface DecisionChild {
  contactId: string;
  reference: string;
  childKey: string;
  name: string;
  grade: string | null;
  flags: string[];
  referrerSaidChildProtection: boolean;
}

export const emptyAnswers = (): DecisionAnswers => decisionAnswers({});

export function decisionFormPage(child: DecisionChild, a: DecisionAnswers, reasons: { code: string; label: string; cannotStandAlone: boolean }[], isManager: boolean, agencies: { id: string; name: string }[], details?: RuleBreak[]) {
  const { errorSummary, errors } = caseErrors(details, decisionFields(a.outcome));
  const base = `/mash/contacts/${child.contactId}/children/${child.childKey}/decision`;
  return {
    title: pageTitle(`Decision for ${child.name}`, errorSummary.length > 0),
    backLink: `/mash/contacts/${child.contactId}`,
    errorSummary,
    errors,
    child,
    action: base,
    checksHref: `/mash/contacts/${child.contactId}/checks`,
    answers: a,
    isManager,
    gradeTag: gradeTag(child.grade),
    agencyItems: [{ value: '', text: "Choose the lead professional's agency" }, ...agencies.map((x) => ({ value: x.id, text: x.name, selected: x.id === a.leadProfessionalAgencyId }))],
    reviewItems: dateItems(a.stepDownReview, !!errors['stepDownReviewDate-day']),
    outcomeItems: DECISION_OUTCOMES.map((o) => ({ value: o, text: OUTCOME_WORDS[o], checked: a.outcome === o, below: (BELOW_THRESHOLD_OUTCOMES as readonly string[]).includes(o) })),
    levelItems: Object.entries(LEVEL_WORDS).map(([value, t]) => ({ value, text: t, checked: a.thresholdLevel === value })),
    substantiveReasons: reasons.filter((r) => !r.cannotStandAlone).map((r) => ({ value: r.code, text: r.label, checked: a.reasonCodes.includes(r.code) })),
    supportingReasons: reasons.filter((r) => r.cannotStandAlone).map((r) => ({ value: r.code, text: r.label, checked: a.reasonCodes.includes(r.code) })),
  };
}

/** Grade in words, never colour alone (RAG-4). */
export function gradeTag(grade: string | null): { text: string; classes: string } {
  if (grade === 'RED') return { text: 'Red', classes: 'govuk-tag--red' };
  if (grade === 'AMBER') return { text: 'Amber', classes: 'govuk-tag--orange' };
  if (grade === 'GREEN') return { text: 'Green', classes: 'govuk-tag--green' };
  return { text: 'Not graded', classes: 'govuk-tag--grey' };
}

export function checkAnswersPage(child: DecisionChild, a: DecisionAnswers, reasons: Map<string, string>, isManager: boolean, agencies: Map<string, string>) {
  const base = `/mash/contacts/${child.contactId}/children/${child.childKey}/decision`;
  const input = (id: string) => (['riskAnalysis', 'reasonsThresholdNotMet', 'alternativeSupport'].includes(id) ? `${id}-${a.outcome}` : id);
  const change = (id: string, key: string) => ({ items: [{ href: `${base}#${input(id)}`, text: 'Change', visuallyHiddenText: key.toLowerCase() }] });
  const row = (key: string, value: string, id: string) => ({ key: { text: key }, value: { text: value || 'Not given' }, actions: change(id, key) });
  const below = (BELOW_THRESHOLD_OUTCOMES as readonly string[]).includes(a.outcome);
  const rows = [
    row('Outcome', OUTCOME_WORDS[a.outcome as DecisionOutcome] ?? a.outcome, 'outcome'),
    row('Threshold level', LEVEL_WORDS[a.thresholdLevel] ?? a.thresholdLevel, 'thresholdLevel'),
    ...(below ? [row('Risk analysis', a.riskAnalysis, 'riskAnalysis'), row('Why the threshold is not met', a.reasonsThresholdNotMet, 'reasonsThresholdNotMet'), row('Other support suggested', a.alternativeSupport, 'alternativeSupport')] : []),
    ...(a.outcome === 'early_help' ? earlyHelpRows(a, agencies, row) : []),
    row('Reasons', a.reasonCodes.map((c) => reasons.get(c) ?? c).join('; '), 'reasonCodes'),
    ...(a.childSeenAlone ? [row('Child seen alone', a.childSeenAlone === 'yes' ? 'Yes' : `No: ${a.childSeenAloneWhyNot}`, 'childSeenAlone')] : []),
    row('Rationale', a.rationale, 'rationale'),
    ...(child.referrerSaidChildProtection ? [row("Answer to the referrer's view", a.referrerDisagreementAddressed, 'referrerDisagreementAddressed')] : []),
    ...(isManager && a.overrideReason ? [row('Reason for overriding', a.overrideReason, 'overrideReason')] : []),
    row('History reviewed', a.historyReviewed ? 'Yes, I read the history of the child, siblings and household adults' : 'No', 'historyReviewed'),
  ];
  return { title: pageTitle('Check your decision'), backLink: base, child, rows, action: `${base}/check` };
}

type Row = (key: string, value: string, id: string) => unknown;

function earlyHelpRows(a: DecisionAnswers, agencies: Map<string, string>, row: Row) {
  const review = isoDate(a.stepDownReview);
  const plan = [a.planAction, a.planOwner && `by ${a.planOwner}`, a.planSuccess && `(success: ${a.planSuccess})`].filter(Boolean).join(' ');
  return [
    row("Lead professional's name", a.leadProfessionalName, 'leadProfessionalName'),
    row("Lead professional's agency", agencies.get(a.leadProfessionalAgencyId) ?? '', 'leadProfessionalAgencyId'),
    row("Lead professional's e-mail address", a.leadProfessionalEmail, 'leadProfessionalEmail'),
    row('Risk handover', a.stepDownRiskHandover, 'stepDownRiskHandover'),
    row('Plan', plan, 'planAction'),
    row('Review date', review ? formatDate(review) : '', 'stepDownReviewDate-day'),
  ];
}

export function decisionConfirmationPage(child: DecisionChild, d: { id: string; status: string; outcome: string; thresholdLevel: number; approvalReasons: string[]; overriddenRules: string[]; rationale: string; overrideReason: string | null }) {
  const pending = d.status === 'pending_approval';
  return {
    title: pageTitle(pending ? 'Decision waiting for approval' : 'Decision recorded'),
    child,
    pending,
    status: d.status,
    statusTag: pending ? { text: 'Waiting for approval', classes: 'govuk-tag--yellow' } : d.status === 'returned' ? { text: 'Returned', classes: 'govuk-tag--red' } : { text: d.status === 'final' ? 'Final' : d.status, classes: 'govuk-tag--green' },
    outcome: OUTCOME_WORDS[d.outcome as DecisionOutcome] ?? d.outcome,
    level: LEVEL_WORDS[String(d.thresholdLevel)] ?? String(d.thresholdLevel),
    approvalReasons: d.approvalReasons.map((r) => APPROVAL_WORDS[r] ?? r),
    overriddenRules: d.overriddenRules,
    rationale: d.rationale,
    overrideReason: d.overrideReason,
    contactHref: `/mash/contacts/${child.contactId}`,
  };
}
