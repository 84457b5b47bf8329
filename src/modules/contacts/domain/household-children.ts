import type { Relationship } from './contact-vocabulary';

/** Relationships that make a household member a child of the family (siblings of the subjects). */
export const SIBLING_RELATIONSHIPS: readonly Relationship[] = ['sibling', 'half_sibling', 'step_sibling'];

/**
 * Whether a household member is a child in the household (SPEC INT-4, Q 8.26: siblings in the same
 * house never assessed): under 18 on the contact date (INT-3), or, with no date of birth, a sibling.
 * Someone said not to live there (resident false) is not in the household.
 */
export function isHouseholdChild(m: { relationship: Relationship; dateOfBirth?: string | null; resident?: boolean | null }, contactDate: string): boolean {
  if (m.resident === false) return false;
  if (!m.dateOfBirth) return SIBLING_RELATIONSHIPS.includes(m.relationship);
  const [y, rest] = [Number(m.dateOfBirth.slice(0, 4)), m.dateOfBirth.slice(4)];
  return `${String(y + 18).padStart(4, '0')}${rest}` > contactDate;
}
