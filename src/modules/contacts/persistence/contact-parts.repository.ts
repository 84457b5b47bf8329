import type { EntityManager, FindOptionsSelect } from 'typeorm';
import { In } from 'typeorm';
import { Contact } from './contact.entity';
import { ContactConcern } from './contact-concern.entity';
import { ContactEvidence } from './contact-evidence.entity';
import { ContactHouseholdMember } from './contact-household-member.entity';
import { ContactSubject } from './contact-subject.entity';

const byPosition = { position: 'ASC' } as const;

/**
 * Reads of a contact's row and parts for other features, in the caller's transaction. Each takes
 * an optional select so a caller reads only the columns it needs.
 */
export const contactParts = {
  contact: (em: EntityManager, id: string, select?: FindOptionsSelect<Contact>) => em.findOne(Contact, { where: { id }, select }),
  subject: (em: EntityManager, id: string, select?: FindOptionsSelect<ContactSubject>) => em.findOne(ContactSubject, { where: { id }, select }),
  subjects: (em: EntityManager, contactId: string, select?: FindOptionsSelect<ContactSubject>) =>
    em.find(ContactSubject, { where: { contactId }, select, order: byPosition }),
  subjectsByIds: (em: EntityManager, ids: string[]) => em.find(ContactSubject, { where: { id: In(ids) } }),
  household: (em: EntityManager, contactId: string) => em.find(ContactHouseholdMember, { where: { contactId }, order: byPosition }),
  householdByIds: (em: EntityManager, ids: string[]) => em.find(ContactHouseholdMember, { where: { id: In(ids) } }),
  concerns: (em: EntityManager, contactId: string, select?: FindOptionsSelect<ContactConcern>) => em.find(ContactConcern, { where: { contactId }, select }),
  evidence: (em: EntityManager, contactId: string) => em.find(ContactEvidence, { where: { contactId }, order: byPosition }),
  /** STR-4: an evidence item shared with the police at a strategy discussion. */
  markEvidenceShared: (em: EntityManager, evidenceId: string, at: Date, by: string) =>
    em.update(ContactEvidence, { id: evidenceId }, { sharedWithPoliceAt: at, sharedWithPoliceBy: by }),
};
