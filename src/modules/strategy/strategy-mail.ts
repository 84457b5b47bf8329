import type { OutboundMessage, QueuedMessage } from '../mail/outbound-mail.service';

/** How strategy messages name their discussion on the outbound-mail pipeline (and in the audit trail). */
export const ABOUT_DISCUSSION = 'strategy_discussion';

export type StrategyMessageKind = 'minutes' | 'decline';

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
    .filter((m) => m.purpose === 'strategy.minutes' || m.purpose === 'strategy.decline')
    .map((m) => ({
      id: m.id,
      kind: m.purpose === 'strategy.minutes' ? 'minutes' : 'decline',
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
