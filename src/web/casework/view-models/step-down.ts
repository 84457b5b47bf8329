import type { RuleBreak } from '../../../common/rule-break';
import type { ChildStatusView } from '../../../modules/step-downs/child-status.service';
import { CHILD_LEVELS } from '../../../modules/step-downs/domain/child-level-vocabulary';
import type { StepDownView } from '../../../modules/step-downs/step-down-view';
import { dateItems, dateParts, DateParts, FormBody, isoDate, text } from '../../forms/form-values';
import { deadlineWords, formatDate, formatDateTime } from '../../view-models/dates';
import { pageTitle } from '../../view-models/page';
import type { AgencyOption } from '../persistence/directory.repository';
import { caseErrors, CaseField } from './case-errors';

export const LEVEL_NAMES: Record<string, string> = { universal: 'Universal services', early_help: 'Early help', child_in_need: 'Child in need', child_protection: 'Child protection plan', looked_after: 'Looked after' };

export interface StepDownAnswers {
  receivingAgencyId: string;
  leadName: string;
  leadEmail: string;
  riskHandover: string;
  planAction: string;
  planOwner: string;
  planSuccess: string;
  review: DateParts;
  overrideReason: string;
}

export function stepDownAnswers(body: FormBody): StepDownAnswers {
  return {
    receivingAgencyId: text(body, 'receivingAgencyId'), leadName: text(body, 'leadName'), leadEmail: text(body, 'leadEmail'), riskHandover: text(body, 'riskHandover'),
    planAction: text(body, 'planAction'), planOwner: text(body, 'planOwner'), planSuccess: text(body, 'planSuccess'), review: dateParts(body, 'reviewDate'), overrideReason: text(body, 'overrideReason'),
  };
}

export function stepDownBody(personId: string, a: StepDownAnswers): Record<string, unknown> {
  const anyPlan = a.planAction || a.planOwner || a.planSuccess;
  return {
    personId,
    receivingAgencyId: a.receivingAgencyId || undefined,
    leadProfessional: { name: a.leadName || undefined, email: a.leadEmail || undefined },
    riskHandover: a.riskHandover || undefined,
    plan: { actions: anyPlan ? [{ action: a.planAction || undefined, owner: a.planOwner || undefined, successCriteria: a.planSuccess || undefined }] : [] },
    reviewDate: isoDate(a.review) ?? undefined,
    overrideReason: a.overrideReason || undefined,
  };
}

const FIELDS: CaseField[] = [
  { field: 'receivingAgencyId', input: 'receivingAgencyId', label: 'Receiving service' },
  { field: 'leadProfessional.name', input: 'leadName', label: "Lead professional's name" },
  { field: 'leadProfessional.email', input: 'leadEmail', label: "Lead professional's e-mail address" },
  { field: 'leadProfessional', input: 'leadName', label: 'Lead professional' },
  { field: 'riskHandover', input: 'riskHandover', label: 'Risk handover' },
  { field: 'plan.actions[0].action', input: 'planAction', label: 'Action' },
  { field: 'plan.actions[0].owner', input: 'planOwner', label: 'Who does it' },
  { field: 'plan.actions[0].successCriteria', input: 'planSuccess', label: 'How you will know it worked' },
  { field: 'plan', input: 'planAction', label: 'Plan' },
  { field: 'reviewDate', input: 'reviewDate-day', label: 'Review date' },
  { field: 'overrideReason', input: 'overrideReason', label: 'Reason for overriding' },
  { field: 'subjectId', input: 'receivingAgencyId', label: 'Child' },
  { field: 'personId', input: 'receivingAgencyId', label: 'Child' },
];

export function stepDownFormPage(personId: string, status: ChildStatusView, agencies: AgencyOption[], a: StepDownAnswers, details?: RuleBreak[]) {
  const { errorSummary, errors } = caseErrors(details, FIELDS);
  return {
    title: pageTitle('Propose a step-down to early help', errorSummary.length > 0),
    errorSummary,
    errors,
    action: `/mash/children/${personId}/step-down`,
    level: LEVEL_NAMES[status.level] ?? status.level,
    agencyItems: [{ value: '', text: 'Choose the receiving service' }, ...agencies.map((x) => ({ value: x.id, text: x.name, selected: x.id === a.receivingAgencyId }))],
    answers: a,
    reviewItems: dateItems(a.review, !!errors['reviewDate-day']),
  };
}

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  pending_acceptance: { text: 'Waiting for the lead professional to accept', classes: 'govuk-tag--yellow' },
  accepted: { text: 'Accepted', classes: 'govuk-tag--green' },
  rejected: { text: 'Rejected: back in the triage queue', classes: 'govuk-tag--red' },
  consent_declined: { text: 'Family declined: back in the triage queue to reconsider', classes: 'govuk-tag--red' },
  requeued: { text: 'Not accepted in time: back in the triage queue', classes: 'govuk-tag--red' },
};

export function stepDownPage(v: StepDownView, agencies: AgencyOption[], now: Date) {
  const agency = agencies.find((x) => x.id === v.receivingAgencyId)?.name ?? 'Not named';
  const pending = v.status === 'pending_acceptance' && !v.requeuedAt;
  const due = pending && v.acceptanceDueAt ? deadlineWords(v.acceptanceDueAt, now) : null;
  return {
    title: pageTitle('Step-down to early help'),
    tag: STATUS_TAGS[v.requeuedAt ? 'requeued' : v.status] ?? { text: v.status, classes: 'govuk-tag--grey' },
    pending,
    due: due ? { text: `Acceptance ${due.text}`, classes: due.overdue ? 'govuk-tag--red' : 'govuk-tag--yellow' } : null,
    rows: [
      { key: { text: 'Receiving service' }, value: { text: agency } },
      { key: { text: 'Lead professional' }, value: { text: [v.leadProfessional.name, v.leadProfessional.email].filter(Boolean).join(', ') } },
      { key: { text: 'Risk handover' }, value: { text: v.riskHandover ?? 'Not given' } },
      { key: { text: 'Plan' }, value: { text: (v.plan?.actions ?? []).map((p) => `${p.action} (${p.owner}; ${p.successCriteria})`).join(' / ') || 'Not given' } },
      { key: { text: 'Review date' }, value: { text: v.reviewDate ? formatDate(v.reviewDate) : 'Not given' } },
      { key: { text: 'Proposed' }, value: { text: formatDateTime(v.createdAt) } },
      ...(v.acceptanceDueAt ? [{ key: { text: 'Acceptance due' }, value: { text: formatDateTime(v.acceptanceDueAt) } }] : []),
      ...(v.hardLimitAt ? [{ key: { text: 'Back to the triage queue if not accepted by' }, value: { text: formatDateTime(v.hardLimitAt) } }] : []),
      ...(v.respondedAt ? [{ key: { text: 'Answered' }, value: { text: formatDateTime(v.respondedAt) } }] : []),
      ...(v.rejectionReason ? [{ key: { text: 'Reason for rejecting' }, value: { text: v.rejectionReason } }] : []),
    ],
    childHref: v.personId ? `/mash/children/${v.personId}/level` : null,
  };
}

export interface LevelAnswers {
  level: string;
  started: DateParts;
  categoryOfAbuse: string;
  reference: string;
}

export function levelAnswers(body: FormBody): LevelAnswers {
  return { level: text(body, 'level'), started: dateParts(body, 'startedAt'), categoryOfAbuse: text(body, 'categoryOfAbuse'), reference: text(body, 'reference') };
}

export function levelBody(a: LevelAnswers): Record<string, unknown> {
  const day = isoDate(a.started);
  return { level: a.level || undefined, startedAt: day ? (/^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T09:00:00Z` : day) : undefined, categoryOfAbuse: a.categoryOfAbuse || undefined, reference: a.reference || undefined };
}

export function levelPage(personId: string, status: ChildStatusView, isManager: boolean, a: LevelAnswers, details?: RuleBreak[]) {
  const { errorSummary, errors } = caseErrors(details, [
    { field: 'level', input: 'level', label: 'Level' },
    { field: 'startedAt', input: 'startedAt-day', label: 'Date it started' },
    { field: 'categoryOfAbuse', input: 'categoryOfAbuse', label: 'Category of abuse' },
    { field: 'reference', input: 'reference', label: 'Reference' },
  ]);
  return {
    title: pageTitle("Child's level", errorSummary.length > 0),
    errorSummary,
    errors,
    action: `/mash/children/${personId}/level`,
    stepDownHref: `/mash/children/${personId}/step-down`,
    isManager,
    rows: [
      { key: { text: 'Level' }, value: { text: LEVEL_NAMES[status.level] ?? status.level } },
      { key: { text: 'Since' }, value: { text: status.since ? formatDateTime(status.since) : 'Not recorded' } },
      { key: { text: 'Lead professional' }, value: { text: status.leadProfessional?.name ?? 'None' } },
      { key: { text: 'Responsible now' }, value: { text: status.responsible === 'mash' ? 'The MASH (a step-down waits for acceptance)' : status.responsible.replace(/_/g, ' ') } },
      ...(status.categoryOfAbuse ? [{ key: { text: 'Category of abuse' }, value: { text: status.categoryOfAbuse } }] : []),
    ],
    pendingStepDownHref: status.pendingStepDown ? `/mash/step-downs/${status.pendingStepDown.id}` : null,
    levelItems: CHILD_LEVELS.map((l) => ({ value: l, text: LEVEL_NAMES[l], checked: a.level === l })),
    categoryItems: [{ value: '', text: 'Not a CP plan' }, ...['NEG', 'PHY', 'EMO', 'SAB', 'MUL'].map((c) => ({ value: c, text: { NEG: 'Neglect', PHY: 'Physical abuse', EMO: 'Emotional abuse', SAB: 'Sexual abuse', MUL: 'Multiple' }[c]!, selected: a.categoryOfAbuse === c }))],
    answers: a,
    startedItems: dateItems(a.started, !!errors['startedAt-day']),
  };
}
