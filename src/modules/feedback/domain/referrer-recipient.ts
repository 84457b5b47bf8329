import { isPublicReferrerType } from '../../contacts/domain/referrer-type';

/**
 * Who the referrer is for feedback purposes, and which template they get (SPEC FB-1, FB-2). Pure.
 *
 * - Public template: public contacts, and contacts recorded by MASH staff from a member of the public
 *   (a phone call from a neighbour): what they may see does not depend on the channel it came by.
 * - The address is the one given on the contact; failing that, the submitting account's, unless
 *   that account is MASH staff recording someone else's call.
 * - Anonymous, or no address: feedback is not possible (recorded); the public tracking token is the
 *   channel for public contacts.
 */

export interface ReferrerFacts {
  channel: string;
  referrerType: string;
  anonymous: boolean;
  /** contact_referrer.email */
  referrerEmail: string | null;
  /** e-mail of the submitting account, if any */
  submitterEmail: string | null;
  submitterIsMashStaff: boolean;
}

export type ReferrerRecipient =
  | { audience: 'professional' | 'public'; deliverable: true; email: string }
  | { audience: 'professional' | 'public'; deliverable: false; reason: 'anonymous' | 'no_email' };

export function referrerAudience(facts: Pick<ReferrerFacts, 'channel' | 'referrerType'>): 'professional' | 'public' {
  return facts.channel === 'public' || isPublicReferrerType(facts.referrerType) ? 'public' : 'professional';
}

export function referrerRecipient(facts: ReferrerFacts): ReferrerRecipient {
  const audience = referrerAudience(facts);
  if (facts.anonymous) return { audience, deliverable: false, reason: 'anonymous' };
  const given = facts.referrerEmail?.trim();
  const own = facts.submitterIsMashStaff ? null : facts.submitterEmail?.trim();
  const email = given || own;
  if (!email) return { audience, deliverable: false, reason: 'no_email' };
  return { audience, deliverable: true, email: email.toLowerCase() };
}

/** Deliberately simple: the SMTP server is the judge; this only catches obvious typos before queueing. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(value);
}
