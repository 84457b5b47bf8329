/** The words of a contact (SPEC §2, API.md "Contacts"). Pure data: no Nest or TypeORM. */

export const PROFESSIONAL_CHANNELS = ['professional', 'police_notification', 'phone', 'out_of_hours', 'hospital_enquiry', 'email', 'early_help_step_up'] as const;
export const CHANNELS = [...PROFESSIONAL_CHANNELS, 'public'] as const;
export type Channel = (typeof CHANNELS)[number];

/** `historical`: imported from a legacy system (npm run import) as history for the person index; never triaged. */
export const CONTACT_STATUSES = ['received', 'triaged', 'in_progress', 'pending_approval', 'decided', 'historical'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
/** Statuses of contacts no longer open at the front door: left out of the queue and the open-work figures. */
export const CLOSED_STATUSES: readonly ContactStatus[] = ['decided', 'historical'];
/** Said (409) when someone tries to triage a historical contact. */
export const HISTORICAL_NOT_TRIAGED = 'This contact was imported from a legacy system as history: it is never triaged or decided here';
/** CLOSED_STATUSES as an SQL list, for `c.status NOT IN (...)`. */
export const CLOSED_STATUSES_SQL = CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Who referred, recorded for the source-neutrality figures (SPEC INT-10, MGT-2) and never an input
 * to grading, deadlines or checks.
 */
export const REFERRER_TYPES = ['professional', 'police', 'partner', 'mash_staff', 'relative', 'neighbour', 'self', 'other_public', 'anonymous'] as const;
export type ReferrerType = (typeof REFERRER_TYPES)[number];

export const URGENCIES = ['routine', 'urgent', 'immediate_risk'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CONSENT_STATUSES = ['given', 'refused', 'not_sought_risk', 'not_sought_investigation', 'not_sought_urgent', 'statutory', 'unknown'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const SEXES = ['M', 'F', 'U'] as const;
export type Sex = (typeof SEXES)[number];

export const ADDRESS_TYPES = ['permanent', 'temporary', 'no_fixed_abode', 'refuge', 'unknown'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

export const RELATIONSHIPS = [
  'mother', 'father', 'step_mother', 'step_father', 'mothers_partner', 'fathers_partner', 'sibling', 'half_sibling', 'step_sibling',
  'grandparent', 'aunt_uncle', 'other_relative', 'foster_carer', 'lodger', 'regular_visitor', 'unknown_adult', 'other',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const PARENTAL_RESPONSIBILITY = ['yes', 'no', 'unknown'] as const;
export type ParentalResponsibility = (typeof PARENTAL_RESPONSIBILITY)[number];

export const KNOWN_RISKS = [
  'violence', 'domestic_abuse_perpetrator', 'sexual_offences', 'risk_to_children', 'substance_misuse', 'alcohol_misuse', 'mental_ill_health',
  'learning_disability', 'suicidal_intent', 'weapons', 'gang_affiliation', 'other',
] as const;
export type KnownRisk = (typeof KNOWN_RISKS)[number];

/** Front-door concern categories (SPEC INT-5), alongside CIN factor codes. */
export const CONCERN_CATEGORIES = [
  'injury', 'physical_abuse', 'da_incident', 'sexual_abuse', 'neglect_indicator', 'emotional_abuse', 'missing_episode', 'self_harm', 'suicide_attempt',
  'cse_cce', 'was_not_brought', 'parental_mental_health', 'parental_substance_misuse', 'parental_learning_disability', 'parental_suicidal_intent',
  'concealed_pregnancy', 'pregnancy', 'home_conditions', 'threat_to_harm_or_kill', 'relationship_with_adult', 'new_adult_in_household', 'other',
] as const;
export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number];

export const EVIDENCE_TYPES = ['photo', 'video', 'message', 'document', 'witness', 'recording', 'other'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/**
 * Jobs contacts queues on the triage queue (through the outbox): a contact to grade, information
 * added to an open contact, a person added to its household. Triage consumes all three.
 */
export const CONTACT_JOBS = {
  received: 'contact.received',
  informationAdded: 'contact.information-added',
  householdChanged: 'contact.household-changed',
} as const;
