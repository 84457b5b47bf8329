import type { Channel, ReferrerType } from './contact-vocabulary';

/**
 * Who referred, recorded for the source-neutrality figures only (SPEC INT-10): it is never an input
 * to grading, deadlines or checks. Also the default CIN census referral source for each.
 */

export type SubmitterRole = 'referrer' | 'police' | 'partner' | 'mash_worker' | 'mash_manager';
export const PUBLIC_RELATIONSHIPS = ['relative', 'neighbour', 'self', 'other'] as const;
export type PublicRelationship = (typeof PUBLIC_RELATIONSHIPS)[number];

export function referrerTypeForRole(role: SubmitterRole): ReferrerType {
  switch (role) {
    case 'referrer':
      return 'professional';
    case 'police':
      return 'police';
    case 'partner':
      return 'partner';
    case 'mash_worker':
    case 'mash_manager':
      return 'mash_staff';
  }
}

/**
 * A member of the public is recorded by their relationship to the child when they give it, else as
 * anonymous or "other public". Anonymity itself is kept separately on the contact.
 */
export function referrerTypeForPublic(anonymous: boolean, relationship: PublicRelationship | null | undefined): ReferrerType {
  if (relationship && relationship !== 'other') return relationship;
  return anonymous ? 'anonymous' : 'other_public';
}

const PUBLIC_REFERRER_TYPES: ReadonlySet<string> = new Set<ReferrerType>(['relative', 'neighbour', 'self', 'other_public', 'anonymous']);

/** A member of the public (not an agency or MASH staff), whatever channel the contact came by. */
export function isPublicReferrerType(type: string): boolean {
  return PUBLIC_REFERRER_TYPES.has(type);
}

/** CIN census ReferralSource codes a member of the public may be recorded under (1A-1D individuals, 9 anonymous). */
export const PUBLIC_REFERRAL_SOURCES = ['1A', '1B', '1C', '1D', '9'] as const;

/** 9 for an anonymous contact, else by relationship: 1A relative, 1B neighbour (acquaintance), 1C self, 1D other. */
export function defaultPublicReferralSource(anonymous: boolean, type: ReferrerType): string {
  if (anonymous) return '9';
  return ({ relative: '1A', neighbour: '1B', self: '1C' } as Partial<Record<ReferrerType, string>>)[type] ?? '1D';
}

/** The usual referral source of an agency type; '10' (unknown) when the agency type does not say. */
export function defaultReferralSourceForAgency(agencyType: string | null, channel: Channel): string {
  if (channel === 'police_notification') return '6';
  const byType: Record<string, string> = {
    police: '6', school: '2A', health_gp: '3A', health_visitor: '3B', health_hospital: '3E', health_other: '3F', housing: '4',
    probation: '7', la_childrens_social_care: '5A', early_help: '5D', voluntary: '8', other_la: '5C',
  };
  return (agencyType && byType[agencyType]) || '10';
}

/**
 * Which roles may record which channel (SPEC INT-1): police notifications come from the police;
 * phone, out-of-hours and hospital-enquiry contacts are recorded by MASH staff who took the call.
 */
export function mayUseChannel(role: SubmitterRole, channel: Channel): boolean {
  const mash = role === 'mash_worker' || role === 'mash_manager';
  switch (channel) {
    case 'police_notification':
      return role === 'police';
    case 'phone':
    case 'out_of_hours':
    case 'hospital_enquiry':
      return mash;
    case 'early_help_step_up':
      return mash || role === 'partner';
    case 'professional':
    case 'email':
      return true;
    case 'public':
      return false;
  }
}
