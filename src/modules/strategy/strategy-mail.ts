import type { OutboundMessage, QueuedMessage } from '../mail/outbound-mail.service';

/** How strategy messages name their discussion on the outbound-mail pipeline (and in the audit trail). */
export const ABOUT_DISCUSSION = 'strategy_discussion';

/** Where a professional raises a challenge of a decline (SPEC ESC-1): the challenges API. */
export const CHALLENGE_ROUTE = '/api/v1/challenges';

export type StrategyMessageKind = 'minutes' | 'decline' | 'outcome';

/**
 * One e-mail of a strategy discussion: the minutes to one invitee (STR-4: a sent time per
 * recipient), or the decline notice to the requester (STR-1). Sent by the outbound-mail pipeline.
 */
export interface StrategyMessage {
  id: string;
  kind: StrategyMessageKind;
  inviteeId: string | null;
  recipientEmail: string | null;
  status: OutboundMessage['status'];
  sentAt: Date | null;
  attempts: number;
}

/** A discussion's messages as strategy speaks of them. */
export function strategyMessages(rows: OutboundMessage[]): StrategyMessage[] {
  return rows
    .filter((m) => m.purpose === 'strategy.minutes' || m.purpose === 'strategy.decline' || m.purpose === 'strategy.outcome')
    .map((m) => ({
      id: m.id,
      kind: m.purpose === 'strategy.minutes' ? 'minutes' : m.purpose === 'strategy.decline' ? 'decline' : 'outcome',
      inviteeId: m.recipientRef,
      recipientEmail: m.recipientEmail,
      status: m.status,
      sentAt: m.sentAt,
      attempts: m.attempts,
    }));
}

/** What an unverified address is told to quote or sign in for, instead of the content (SPEC SEC-2). */
const caseReference = (discussionId: string) => `strategy discussion ${discussionId}`;

/** The minutes to one invitee (once per discussion and invitee). */
export function minutesMessage(discussionId: string, invitee: { id: string; email: string | null; userId?: string | null }, content: { subject: string; text: string; html: string }): QueuedMessage {
  return {
    purpose: 'strategy.minutes', aboutType: ABOUT_DISCUSSION, aboutId: discussionId, audience: 'invitee', recipientRef: invitee.id,
    dedupeKey: `strategy-minutes.${discussionId}.${invitee.id}`, recipientEmail: invitee.email, recipientAccountId: invitee.userId ?? null, caseReference: caseReference(discussionId),
    subject: content.subject, bodyText: content.text, bodyHtml: content.html,
    headers: { 'X-MASH-Strategy-Discussion-Id': discussionId },
  };
}

/** The decline notice to the requester (once per discussion). */
export function declineMessage(discussionId: string, requester: { userId: string | null; email: string | null }, content: { subject: string; text: string; html: string }): QueuedMessage {
  return {
    purpose: 'strategy.decline', aboutType: ABOUT_DISCUSSION, aboutId: discussionId, audience: 'requester',
    dedupeKey: `strategy-decline.${discussionId}`, recipientEmail: requester.email, recipientAccountId: requester.userId, caseReference: caseReference(discussionId),
    subject: content.subject, bodyText: content.text, bodyHtml: content.html,
    headers: { 'X-MASH-Strategy-Discussion-Id': discussionId },
  };
}

/**
 * The outcome to one agency that attended or sent a written contribution (SPEC FB-3: agencies that
 * attended a strategy discussion are told its outcome), once per discussion and invitee. Codes,
 * dates and the discussion's id only: the case itself travels in the minutes.
 */
export function outcomeMessage(discussionId: string, invitee: { id: string; email: string | null }, outcome: { label: string; heldAt: Date; icpcDueDate: string | null }): QueuedMessage {
  const lines = [
    `The strategy discussion (${discussionId}) held on ${outcome.heldAt.toISOString().slice(0, 10)}, to which your agency contributed, has been recorded.`,
    '',
    `Outcome: ${outcome.label}`,
    `Initial child protection conference: ${outcome.icpcDueDate ? `required, due by ${outcome.icpcDueDate}` : 'not required'}`,
    '',
    'The minutes follow separately. Sign in to the MASH service to see the discussion.',
  ];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    purpose: 'strategy.outcome', aboutType: ABOUT_DISCUSSION, aboutId: discussionId, audience: 'invitee', recipientRef: invitee.id,
    dedupeKey: `strategy-outcome.${discussionId}.${invitee.id}`, recipientEmail: invitee.email,
    subject: 'Strategy discussion outcome', bodyText: lines.join('\n') + '\n',
    bodyHtml: `<!doctype html><html><body>${lines.map((l) => (l ? `<p>${esc(l)}</p>` : '')).join('\n')}</body></html>`,
    headers: { 'X-MASH-Strategy-Discussion-Id': discussionId },
  };
}
