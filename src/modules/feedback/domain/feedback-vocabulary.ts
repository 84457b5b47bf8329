/** The words of feedback (SPEC §9, API.md "Feedback"). Pure data: no Nest or TypeORM. */

/** Who a message is written for; each audience has its own template and view model (FB-2, FB-5). */
export const FEEDBACK_AUDIENCES = ['professional', 'public', 'involved_agency'] as const;
export type FeedbackAudience = (typeof FEEDBACK_AUDIENCES)[number];

export const FEEDBACK_KINDS = ['acknowledgement', 'outcome'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/**
 * A message's state as feedback speaks of it: the outbound-mail pipeline's states (`sending` is its
 * crash marker, see MailDelivery), with `not_possible_anonymous` for a referrer nobody can e-mail.
 * `waived` is in the API's list of states; nothing writes it.
 */
export const FEEDBACK_STATUSES = ['pending', 'sending', 'sent', 'failed', 'not_possible_anonymous', 'waived'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

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
