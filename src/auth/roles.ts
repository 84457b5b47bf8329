export const ROLES = ['referrer', 'police', 'partner', 'mash_worker', 'mash_manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Role groups used in route declarations, so every controller reads the same way. */
export const MASH_STAFF: Role[] = ['mash_worker', 'mash_manager'];
export const PROFESSIONALS: Role[] = ['referrer', 'police', 'partner'];
export const CONTACT_SUBMITTERS: Role[] = [...PROFESSIONALS, ...MASH_STAFF];
export const OVERSIGHT: Role[] = ['mash_manager', 'auditor'];
/** Every role that may read case data. Administrators are deliberately absent (SPEC SEC-4). */
export const CASE_READERS: Role[] = [...PROFESSIONALS, ...MASH_STAFF, 'auditor'];
export const ANY_USER: Role[] = [...ROLES];

export const AGENCY_TYPES = [
  'police', 'school', 'health_gp', 'health_visitor', 'health_hospital', 'health_other', 'housing', 'probation',
  'la_childrens_social_care', 'early_help', 'voluntary', 'other_la', 'other',
] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];
