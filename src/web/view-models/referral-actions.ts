import type { RuleBreak } from '../../common/rule-break';
import { STRATEGY_URGENCIES } from '../../modules/strategy/domain/strategy-vocabulary';
import { pageErrors } from '../forms/page-errors';
import { formatDateTime } from './dates';
import { pageTitle } from './page';
import { childLabel } from './referral-detail';

type Child = { id: string; firstName: string | null; lastName: string | null; description: string | null };
const URGENCY = { routine: 'Routine', urgent: 'Urgent', immediate_risk: 'Immediate risk to the child' } as Record<string, string>;

/** Request a strategy discussion (SPEC STR-1): which child (when more than one), why, how urgent. */
export function strategyRequestPage(contact: { id: string; reference: string; subjects: Child[] }, answers: { subjectId?: string; reason?: string; urgency?: string }, details: RuleBreak[] = []) {
  const errors = pageErrors(details, [
    { field: 'reason', input: 'reason', label: 'Why a strategy discussion is needed' }, { field: 'urgency', input: 'urgency', label: 'How urgent it is' },
    { field: 'subjectId', input: 'subjectId', label: 'Which child' }, { field: 'contactId', input: 'reason', label: 'The referral' },
  ]);
  return {
    title: pageTitle('Request a strategy discussion', errors.summary.length > 0),
    action: `/referrals/${contact.id}/strategy-discussion`, backLink: `/referrals/${contact.id}`, reference: contact.reference,
    childItems: contact.subjects.length > 1 ? contact.subjects.map((s, i) => ({ value: s.id, text: childLabel(s, i), checked: answers.subjectId === s.id })) : null,
    urgencyItems: STRATEGY_URGENCIES.map((u) => ({ value: u, text: URGENCY[u], checked: answers.urgency === u })),
    reason: answers.reason ?? '', errorSummary: errors.summary, errors: errors.byInput,
  };
}

/** Challenge a decision (SPEC ESC-1): the decisions the referrer was told about, and why they disagree. */
export function challengePage(
  contact: { id: string; reference: string },
  feedback: { kind: string; decisionId?: string | null; subject: string; createdAt: Date | string }[],
  answers: { decisionId?: string; reason?: string },
  details: RuleBreak[] = [],
) {
  const errors = pageErrors(details, [{ field: 'targetId', input: 'decisionId', label: 'The decision' }, { field: 'reason', input: 'reason', label: 'Why you disagree' }]);
  const decisions = feedback.filter((f) => f.kind === 'outcome' && f.decisionId);
  return {
    title: pageTitle('Challenge a decision', errors.summary.length > 0),
    action: `/referrals/${contact.id}/challenge`, backLink: `/referrals/${contact.id}`, reference: contact.reference,
    decisionItems: decisions.map((f) => ({ value: f.decisionId!, text: `${f.subject} (told ${formatDateTime(f.createdAt)})`, checked: answers.decisionId === f.decisionId })),
    reason: answers.reason ?? '', errorSummary: errors.summary, errors: errors.byInput,
  };
}
