import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Contact } from '../../src/modules/contacts/persistence/contact.entity';
import { ContactConcern } from '../../src/modules/contacts/persistence/contact-concern.entity';
import { ContactHouseholdMember } from '../../src/modules/contacts/persistence/contact-household-member.entity';
import { ContactSubject } from '../../src/modules/contacts/persistence/contact-subject.entity';

/**
 * Inserts a contact straight into the database, for tests of what happens after intake (matching,
 * flags, grading, history). Names are random so tests never collide. Intake itself is tested over HTTP.
 */
export type SubjectSeed = Partial<Omit<ContactSubject, 'id' | 'contactId' | 'position'>>;
export type HouseholdSeed = Partial<Omit<ContactHouseholdMember, 'id' | 'contactId' | 'position'>>;
export interface ConcernSeed extends Partial<Omit<ContactConcern, 'id' | 'contactId' | 'position' | 'subjectIds'>> {
  /** Positions of the subjects the concern is about; default all. */
  subjects?: number[];
}
export interface ContactSeed extends Partial<Omit<Contact, 'id' | 'subjects' | 'household' | 'concerns' | 'evidence' | 'referrer'>> {
  subjects?: SubjectSeed[];
  household?: HouseholdSeed[];
  concerns?: ConcernSeed[];
}

/**
 * A name no other test's child shares. Sixteen hex digits: with eight, two of the suite's children
 * (all born on the factory's one date of birth) now and then had a first or last name within two
 * letters of each other (about 4 pairs in a million, measured with person_name_similarity), which
 * the matcher rightly offers as a candidate, and the test that no placeholder-named child is
 * mistaken for another failed in a CI run.
 */
export const randomName = (prefix = 'T') => `${prefix}${randomBytes(8).toString('hex')}`;

export interface CreatedContact {
  contact: Contact;
  subjects: ContactSubject[];
  household: ContactHouseholdMember[];
  concerns: ContactConcern[];
}

export async function createContact(db: DataSource | EntityManager, seed: ContactSeed = {}): Promise<CreatedContact> {
  const em = db instanceof DataSource ? db.manager : db;
  const { subjects: subjectSeeds, household: householdSeeds, concerns: concernSeeds, ...fields } = seed;
  const receivedAt = fields.receivedAt ?? new Date();
  const contact = await em.save(
    em.create(Contact, {
      reference: `TEST-${randomBytes(5).toString('hex')}`,
      channel: 'professional',
      status: 'received',
      referrerType: 'professional',
      anonymous: false,
      consentStatus: 'unknown',
      ...fields,
      receivedAt,
    }),
  );
  const subjects = await em.save(
    (subjectSeeds ?? [{}]).map((s, position) =>
      em.create(ContactSubject, { firstName: randomName('Child'), lastName: randomName('Fam'), dateOfBirth: '2019-05-04', sex: 'F', aliases: [], addressType: 'permanent', ...s, contactId: contact.id, position }),
    ),
  );
  const household = await em.save(
    (householdSeeds ?? []).map((m, position) =>
      em.create(ContactHouseholdMember, { firstName: randomName('Adult'), lastName: randomName('Fam'), relationship: 'mother', sex: 'F', aliases: [], knownRisks: [], parentalResponsibility: 'unknown', ...m, contactId: contact.id, position }),
    ),
  );
  const concerns = await em.save(
    (concernSeeds ?? [{ category: 'neglect_indicator' }]).map(({ subjects: which, ...c }, position) =>
      em.create(ContactConcern, {
        category: 'neglect_indicator',
        description: 'Factory concern',
        ...c,
        contactId: contact.id,
        position,
        subjectIds: (which ?? subjects.map((_, i) => i)).map((i) => subjects[i].id),
      }),
    ),
  );
  return { contact, subjects, household, concerns };
}


