import type { OutboundMessage } from '../mail/outbound-mail.service';
import type { FeedbackStatus } from './domain/feedback-vocabulary';
import type { Feedback } from './persistence/feedback.entity';

/** The outbound_message purposes of feedback; each audience and kind has its own template. */
export const FEEDBACK_PURPOSES = { acknowledgement: 'feedback.acknowledgement', outcome: 'feedback.outcome' } as const;
/** How feedback names its rows on the outbound-mail pipeline (and in the audit trail). */
export const ABOUT_FEEDBACK = 'feedback';

/** A feedback row with the delivery state of its e-mail, as the API and the referrer's view show it. */
export interface FeedbackRecord extends Feedback {
  outboundMessageId: string | null;
  recipientEmail: string | null;
  status: FeedbackStatus;
  messageId: string;
  attempts: number;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  lastError: string | null;
  serverResponse: string | null;
  sentAt: Date | null;
}

/** Feedback's words for the mail pipeline's states: nobody to e-mail is "not possible" (FB-1). */
export function feedbackRecord(f: Feedback, m: OutboundMessage | undefined): FeedbackRecord {
  return {
    ...f,
    outboundMessageId: m?.id ?? null,
    recipientEmail: m?.recipientEmail ?? null,
    status: feedbackStatus(m?.status),
    messageId: m?.messageId ?? '',
    attempts: m?.attempts ?? 0,
    lastAttemptAt: m?.lastAttemptAt ?? null,
    nextAttemptAt: m?.nextAttemptAt ?? null,
    lastError: m?.lastError ?? null,
    serverResponse: m?.serverResponse ?? null,
    sentAt: m?.sentAt ?? null,
  };
}

/** A feedback row's status from its e-mail's: pending until the e-mail is written. */
export function feedbackStatus(messageStatus: OutboundMessage['status'] | undefined): FeedbackStatus {
  return !messageStatus ? 'pending' : messageStatus === 'no_address' ? 'not_possible_anonymous' : messageStatus;
}
