/** The words of feedback (SPEC §9, API.md "Feedback"). Pure data: no Nest or TypeORM. */

/** Who a message is written for; each audience has its own template and view model (FB-2, FB-5). */
export const FEEDBACK_AUDIENCES = ['professional', 'public', 'involved_agency'] as const;
export type FeedbackAudience = (typeof FEEDBACK_AUDIENCES)[number];

export const FEEDBACK_KINDS = ['acknowledgement', 'outcome'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/**
 * `sending` is the crash marker of the delivery protocol: set (and committed) just before the
 * message is handed to the SMTP server, replaced by `sent`/`pending`/`failed` right after. A row
 * found in `sending` by a later attempt means a worker died mid-send (see FeedbackDelivery).
 */
export const FEEDBACK_STATUSES = ['pending', 'sending', 'sent', 'failed', 'not_possible_anonymous', 'waived'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** Statuses no automatic attempt changes; only a person (resend) moves `failed` back to `pending`. */
export const SETTLED_STATUSES: readonly FeedbackStatus[] = ['sent', 'failed', 'not_possible_anonymous', 'waived'];

/** The combinations that have templates: agencies are only told outcomes (FB-3). */
export const TEMPLATE_SLOTS: readonly { audience: FeedbackAudience; kind: FeedbackKind }[] = [
  { audience: 'professional', kind: 'acknowledgement' },
  { audience: 'professional', kind: 'outcome' },
  { audience: 'public', kind: 'acknowledgement' },
  { audience: 'public', kind: 'outcome' },
  { audience: 'involved_agency', kind: 'outcome' },
];

/** Messages to the person who made the contact (as opposed to involved agencies). */
export function isReferrerAudience(audience: FeedbackAudience): boolean {
  return audience === 'professional' || audience === 'public';
}

/**
 * Outcomes below the statutory threshold: the feedback must carry the reasons the threshold is not
 * met and the alternative support (SPEC FB-2, DEC-3, DUD 6.74).
 */
export const BELOW_THRESHOLD_OUTCOMES: readonly string[] = ['nfa', 'advice_signpost', 'early_help'];
