/** The words of the person index (SPEC PPL-1, PPL-2). */

export type PersonKind = 'child' | 'adult';

/** Which contact row a link or candidate is about. */
export type MatchSourceKind = 'contact_subject' | 'contact_household_member';
export type MatchStatus = 'linked' | 'candidates' | 'unlinked';
/** nhs / auto: by the matcher; new: no match, a new person; confirmed: a worker confirmed a candidate; manual: a worker linked or created. */
export type MatchMethod = 'nhs' | 'auto' | 'new' | 'confirmed' | 'manual' | 'merge';
export type CandidateStatus = 'pending' | 'confirmed' | 'rejected' | 'superseded';

export type PersonNameKind = 'primary' | 'alias' | 'previous';
/** Where an observation of a person came from; contact sources are removed again when the link is undone. */
export type PersonSourceKind = 'contact_subject' | 'contact_household_member' | 'manual' | 'import';

/** Standing markers on a person: "was looked after as a child", "risk to children", ... */
export const PERSON_FLAG_KINDS = [
  'looked_after_as_child', 'risk_to_children', 'worker_safety', 'domestic_abuse_perpetrator', 'sexual_offences', 'violence', 'substance_misuse',
  'alcohol_misuse', 'mental_ill_health', 'learning_disability', 'suicidal_intent', 'weapons', 'gang_affiliation', 'other',
] as const;
export type PersonFlagKind = (typeof PERSON_FLAG_KINDS)[number];
