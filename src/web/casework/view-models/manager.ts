import type { RuleBreak } from '../../../common/rule-break';
import type { OverrideEntry } from '../../../modules/decisions/decisions-query.service';
import type { ApprovalView } from '../../../modules/triage/approvals/approval.service';
import type { QueueItem } from '../../../modules/triage/triage-query.service';
import { deadlineWords, formatDateTime } from '../../view-models/dates';
import { pageTitle } from '../../view-models/page';
import type { AgencyOption, PersonOption } from '../persistence/directory.repository';
import { caseErrors } from './case-errors';
import { APPROVAL_WORDS, gradeTag, LEVEL_WORDS, OUTCOME_WORDS } from './decision';

const KIND_WORDS: Record<string, string> = { threshold_decision: 'Threshold decision', grade_lowering: 'Lowering a grade' };

const RULE_WORDS: Record<string, string> = {
  'DEC-3.red-outcome': 'RED child given a lower outcome',
  'DEC-3.nfa-needs-risk-analysis': 'No risk analysis',
  'DEC-3.nfa-needs-reasons': 'No reasons the threshold is not met',
  'DEC-3.nfa-needs-alternative-support': 'No other support suggested',
  'DEC-3.insufficient-evidence': '"Not enough evidence" without the checks behind it',
  'DEC-3.sole-reason': 'A reason that cannot stand alone',
  'DEC-3.history-reviewed': 'History not confirmed as read',
};

/** `paging.cursor`: the page's own (its forms post it back, so an answer returns to the same page); `paging.next`: the next page's address. */
export function approvalsPage(
  items: ApprovalView[], names: Map<string, string>, me: string, paging: { cursor: string | null; next: string | null },
  failed?: { id: string; details: RuleBreak[]; comments?: string },
) {
  const errors = caseErrors(failed?.details, [{ field: 'comments', input: `comments-${failed?.id}`, label: 'Comment' }, { field: '', input: `comments-${failed?.id}`, label: 'Comment' }]);
  return {
    title: pageTitle('Waiting for your approval', errors.errorSummary.length > 0),
    errorSummary: errors.errorSummary,
    cursor: paging.cursor,
    next: paging.next,
    items: items.map((a) => {
      const payload = a.payload as { reasons?: { reason: string; message: string }[]; fromGrade?: string; toGrade?: string; decisionId?: string; subjectId?: string };
      return {
        id: a.id,
        kind: KIND_WORDS[a.kind] ?? a.kind.replace(/_/g, ' '),
        own: a.requestedBy === me,
        requested: `${formatDateTime(a.requestedAt)} by ${names.get(a.requestedBy) ?? 'a MASH worker'}`,
        reasons: (payload.reasons ?? []).map((r) => APPROVAL_WORDS[r.reason] ?? r.message).concat(payload.toGrade ? [`From ${payload.fromGrade ?? 'the provisional grade'} to ${payload.toGrade}`] : []),
        contactHref: a.contactId ? `/mash/contacts/${a.contactId}` : null,
        decisionHref: a.contactId && payload.decisionId && payload.subjectId ? `/mash/contacts/${a.contactId}/children/${payload.subjectId}/decision/${payload.decisionId}` : null,
        error: failed?.id === a.id ? errors.errors[`comments-${a.id}`] : undefined,
        comments: failed?.id === a.id ? (failed.comments ?? '') : '',
      };
    }),
  };
}

export function overridesPage(items: OverrideEntry[], nextCursor: string | null, names: Map<string, string>) {
  return {
    title: pageTitle('Override register'),
    rows: items.map((o) => [
      { text: formatDateTime(o.decidedAt) },
      { html: `<strong class="govuk-tag ${gradeTag(o.gradeAtDecision).classes}">${gradeTag(o.gradeAtDecision).text}</strong>` },
      { text: `${OUTCOME_WORDS[o.outcome as keyof typeof OUTCOME_WORDS] ?? o.outcome} (${LEVEL_WORDS[String(o.thresholdLevel)] ?? o.thresholdLevel})` },
      { text: o.overriddenRules.map((r) => RULE_WORDS[r] ?? r).join('; ') },
      { text: o.overrideReason ?? '' },
      { text: `${names.get(o.overriddenByUserId ?? '') ?? 'A manager'}${o.approvedByUserIds.length ? `; approved by ${o.approvedByUserIds.map((u) => names.get(u) ?? 'a manager').join(', ')}` : ''}` },
      { text: o.status === 'pending_approval' ? 'Waiting for approval' : o.status },
    ]),
    next: nextCursor ? `/mash/manager/overrides?cursor=${encodeURIComponent(nextCursor)}` : null,
  };
}

export function reassignPage(queue: QueueItem[], staff: PersonOption[], answers: { contactId: string; userId: string }, details?: RuleBreak[]) {
  const { errorSummary, errors } = caseErrors(details, [{ field: 'contactId', input: 'contactId', label: 'Contact' }, { field: 'userId', input: 'userId', label: 'Who holds it' }, { field: '', input: 'contactId', label: 'Contact' }]);
  return {
    title: pageTitle('Reassign a contact', errorSummary.length > 0),
    errorSummary,
    errors,
    contactItems: [{ value: '', text: 'Choose a contact' }, ...queue.map((q) => ({ value: q.id, text: `${q.reference} (${q.grade ?? 'not graded'}, held by ${q.assignedTo?.name ?? 'nobody'})`, selected: q.id === answers.contactId }))],
    staffItems: [{ value: '', text: 'Choose a worker or manager' }, ...staff.map((s) => ({ value: s.id, text: s.name, selected: s.id === answers.userId }))],
  };
}

interface ChallengeItem {
  id: string;
  targetType: string;
  reason: string;
  stage: { label: string; startedAt: string; responseDueAt: string | null };
  contactId: string | null;
  history: { kind: string; stage: string; at: string; automatic: boolean }[];
}

const TARGET_WORDS: Record<string, string> = { decision: 'A threshold decision', grade: 'A grade', strategy_decline: 'A declined strategy discussion', step_down: 'A step-down' };

export function challengesPage(items: ChallengeItem[], now: Date, failed?: { id: string; details: RuleBreak[]; outcome: string; reason: string }) {
  const errors = caseErrors(failed?.details, [
    { field: 'outcome', input: `outcome-${failed?.id}`, label: 'Your answer' },
    { field: 'reason', input: `reason-${failed?.id}`, label: 'Reason' },
    { field: '', input: `outcome-${failed?.id}`, label: 'Your answer' },
    { field: 'newDecision', input: `outcome-${failed?.id}`, label: 'Your answer' },
  ]);
  return {
    title: pageTitle('Challenges', errors.errorSummary.length > 0),
    errorSummary: errors.errorSummary,
    items: items.map((c) => {
      const due = c.stage.responseDueAt ? deadlineWords(c.stage.responseDueAt, now) : null;
      const mine = failed?.id === c.id;
      return {
        id: c.id,
        about: TARGET_WORDS[c.targetType] ?? c.targetType,
        reason: c.reason,
        stage: c.stage.label,
        stageStarted: formatDateTime(c.stage.startedAt),
        due: due ? { text: `Answer ${due.text}`, classes: due.overdue ? 'govuk-tag--red' : 'govuk-tag--yellow' } : null,
        history: c.history.map((h) => `${formatDateTime(h.at)}: ${h.kind}${h.automatic ? ' (automatic, the stage clock ran out)' : ''} at ${h.stage.replace(/_/g, ' ')}`),
        contactHref: c.contactId ? `/mash/contacts/${c.contactId}` : null,
        outcomeItems: [
          { value: 'upheld', text: 'Upheld: the challenge is right', checked: mine && failed.outcome === 'upheld' },
          { value: 'not_upheld', text: 'Not upheld', checked: mine && failed.outcome === 'not_upheld' },
        ],
        reasonValue: mine ? failed.reason : '',
        errors: mine ? { outcome: errors.errors[`outcome-${c.id}`], reason: errors.errors[`reason-${c.id}`] } : {},
      };
    }),
  };
}

interface StrategyItem {
  id: string;
  status: string;
  urgency: string;
  requestedAt: string;
  contactId?: string;
}

const URGENCY_WORDS: Record<string, string> = { routine: 'Routine', urgent: 'Urgent', immediate_risk: 'Immediate risk' };

export function strategyRequestsPage(items: StrategyItem[], agencies: AgencyOption[], now: Date, failed?: { id: string; details: RuleBreak[]; reason: string; agenciesConsulted: string[]; alternativePlan: string }) {
  const errors = caseErrors(failed?.details, [
    { field: 'reason', input: `reason-${failed?.id}`, label: 'Reason' },
    { field: 'agenciesConsulted', input: `agenciesConsulted-${failed?.id}`, label: 'Agencies consulted' },
    { field: 'alternativePlan', input: `alternativePlan-${failed?.id}`, label: 'Alternative plan' },
    { field: '', input: `reason-${failed?.id}`, label: 'Reason' },
  ]);
  return {
    title: pageTitle('Strategy discussion requests', errors.errorSummary.length > 0),
    errorSummary: errors.errorSummary,
    items: items.map((d) => {
      const mine = failed?.id === d.id;
      return {
        id: d.id,
        urgency: URGENCY_WORDS[d.urgency] ?? d.urgency,
        requested: `${formatDateTime(d.requestedAt)} (${deadlineWords(d.requestedAt, now).text.replace('overdue by', 'waiting for')})`,
        strategyHref: `/mash/strategy/${d.id}`,
        agencyItems: agencies.map((a) => ({ value: a.id, text: a.name, checked: mine && failed.agenciesConsulted.includes(a.id) })),
        values: mine ? { reason: failed.reason, alternativePlan: failed.alternativePlan } : { reason: '', alternativePlan: '' },
        errors: mine ? { reason: errors.errors[`reason-${d.id}`], agenciesConsulted: errors.errors[`agenciesConsulted-${d.id}`], alternativePlan: errors.errors[`alternativePlan-${d.id}`] } : {},
      };
    }),
  };
}
