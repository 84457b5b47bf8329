import type { AgencyType } from '../../../auth/roles';

/** The words of an agency check (SPEC CHK-1 to CHK-5). Pure data: no Nest or TypeORM. */

export const CHECK_TYPES = [
  'police', 'gp', 'health_visitor', 'midwife', 'school_nurse', 'school', 'adult_mental_health', 'substance_misuse', 'probation', 'housing', 'other_la',
] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

export const CHECK_STATUSES = ['requested', 'returned', 'declined', 'unable', 'waived'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** What a partner may answer (CHK-1): returned, or declined / unable with a reason. */
export const CHECK_RESPONSES = ['returned', 'declined', 'unable'] as const;
export type CheckResponse = (typeof CHECK_RESPONSES)[number];

/** A check in one of these states is no longer outstanding (CHK-4). */
export const CLOSED_CHECK_STATUSES: readonly CheckStatus[] = ['returned', 'declined', 'unable', 'waived'];

/**
 * Which kinds of agency may answer which check. CHK-2 (DUD 7.5): the GP check goes to a GP practice
 * and nobody else; a health visitor's answer is a health_visitor check, never the GP check.
 */
export const AGENCY_TYPES_FOR_CHECK: Readonly<Record<CheckType, readonly AgencyType[]>> = {
  police: ['police'],
  gp: ['health_gp'],
  health_visitor: ['health_visitor', 'health_other'],
  midwife: ['health_hospital', 'health_other'],
  school_nurse: ['health_other', 'health_visitor'],
  school: ['school'],
  adult_mental_health: ['health_other', 'health_hospital'],
  substance_misuse: ['health_other', 'voluntary'],
  probation: ['probation'],
  housing: ['housing'],
  other_la: ['other_la'],
};

/** The check type meant when a request names only an agency, where the agency's type makes it plain. */
export const DEFAULT_CHECK_TYPE_FOR_AGENCY: Readonly<Partial<Record<AgencyType, CheckType>>> = {
  police: 'police',
  health_gp: 'gp',
  health_visitor: 'health_visitor',
  school: 'school',
  probation: 'probation',
  housing: 'housing',
  other_la: 'other_la',
};

/** Relationships that make a household member a child of the family rather than an adult around it. */
export const CHILD_RELATIONSHIPS = ['sibling', 'half_sibling', 'step_sibling'] as const;
