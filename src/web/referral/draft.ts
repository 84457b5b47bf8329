import type { ConcernCategory, ConsentStatus, EvidenceType, Relationship, Urgency } from '../../modules/contacts/domain/contact-vocabulary';
import type { PublicRelationship } from '../../modules/contacts/domain/referrer-type';
import { DateParts, isoDate, orNull } from '../forms/form-values';

/** A referral in progress, as the person answered each page (kept in their session until sent). */
export interface ReferralDraft {
  concern?: { description: string; category: string; incidentDate?: DateParts };
  children: ChildAnswers[];
  adults: AdultAnswers[];
  /** Public: who they are, or anonymous. */
  aboutYou?: { tellUs: 'yes' | 'no' | ''; name: string; phone: string; email: string; relationship: string };
  /** Professionals (SPEC INT-2): their view, consent and evidence held. */
  view?: { isChildProtection: 'yes' | 'no' | ''; harm: string; whatShouldHappen: string; urgency: string };
  consent?: { status: string; reason: string };
  evidence?: { type: string; heldBy: string; description: string };
}

export interface ChildAnswers {
  firstName: string;
  lastName: string;
  dateOfBirth?: DateParts;
  description: string;
  addressLine1: string;
  postcode: string;
  school: string;
}

export interface AdultAnswers {
  firstName: string;
  lastName: string;
  relationship: string;
  resident: 'yes' | 'no' | 'unknown' | '';
  unknownReason: string;
}

export const emptyDraft = (): ReferralDraft => ({ children: [], adults: [] });

export function childBody(c: ChildAnswers) {
  const address = c.addressLine1 || c.postcode ? { line1: orNull(c.addressLine1), postcode: orNull(c.postcode) } : null;
  return {
    firstName: orNull(c.firstName), lastName: orNull(c.lastName), dateOfBirth: isoDate(c.dateOfBirth), description: orNull(c.description),
    address, school: orNull(c.school),
  };
}

export function adultBody(a: AdultAnswers) {
  return {
    firstName: orNull(a.firstName), lastName: orNull(a.lastName), relationship: (a.relationship || 'unknown_adult') as Relationship,
    resident: a.resident === 'yes' ? true : a.resident === 'no' ? false : null, unknownReason: orNull(a.unknownReason),
  };
}

function concernBody(d: ReferralDraft) {
  return d.concern
    ? [{ category: (d.concern.category || 'other') as ConcernCategory, description: d.concern.description, incidentDate: isoDate(d.concern.incidentDate) }]
    : [];
}

/** The body POST /api/v1/public/contacts takes, from the answers (anonymous unless they chose to say who they are). */
export function publicBody(d: ReferralDraft) {
  const you = d.aboutYou;
  const identified = you?.tellUs === 'yes';
  return {
    anonymous: !identified,
    referrer: identified
      ? { name: orNull(you.name), phone: orNull(you.phone), email: orNull(you.email), relationship: (orNull(you.relationship) ?? 'other') as PublicRelationship }
      : null,
    subjects: d.children.map(childBody),
    household: d.adults.map(adultBody),
    concerns: concernBody(d),
  };
}

/** The body POST /api/v1/contacts takes for a professional referral (SPEC INT-2). */
export function professionalBody(d: ReferralDraft) {
  const v = d.view;
  const evidence = d.evidence?.type ? [{ type: d.evidence.type as EvidenceType, heldBy: d.evidence.heldBy, description: orNull(d.evidence.description) }] : [];
  return {
    channel: 'professional' as const,
    referrerView: v
      ? { isChildProtection: v.isChildProtection === 'yes' ? true : v.isChildProtection === 'no' ? false : null, harm: orNull(v.harm), whatShouldHappen: orNull(v.whatShouldHappen), urgency: (orNull(v.urgency) as Urgency | null) }
      : null,
    consent: d.consent?.status ? { status: d.consent.status as ConsentStatus, reason: orNull(d.consent.reason) } : null,
    subjects: d.children.map(childBody),
    household: d.adults.map(adultBody),
    concerns: concernBody(d),
    evidence,
  };
}
