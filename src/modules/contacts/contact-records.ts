/**
 * What other features may read of a contact (and the one write they may ask for), in their own
 * transaction. Contacts owns these tables; a feature that needs a contact's subjects, household,
 * concerns or evidence comes here instead of to contacts' entities.
 */
export { contactParts } from './persistence/contact-parts.repository';
export type { Contact as ContactRow } from './persistence/contact.entity';
export type { ContactConcern as ConcernRow } from './persistence/contact-concern.entity';
export type { ContactEvidence as EvidenceRow } from './persistence/contact-evidence.entity';
export type { ContactHouseholdMember as HouseholdMemberRow } from './persistence/contact-household-member.entity';
export type { ContactSubject as SubjectRow } from './persistence/contact-subject.entity';
export { referrerOf } from './persistence/contact-referrer.repository';
export type { ContactReferrer as ReferrerRow } from './persistence/contact-referrer.entity';
