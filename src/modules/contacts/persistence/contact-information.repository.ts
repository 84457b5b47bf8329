import type { EntityManager } from 'typeorm';
import type { ContactStatus } from '../domain/contact-vocabulary';
import { referenceSequenceName } from '../domain/reference';
import { INSERT_INFORMATION_SQL, referenceSql } from './contact-sql';

export interface LockedForInformation {
  reference: string;
  status: ContactStatus;
  submittedByUserId: string | null;
  /** contact_subject ids in position order. */
  subjectIds: string[];
}

export interface FollowUpRow {
  id: string;
  originalContactId: string;
  year: number;
  at: Date;
  /** New contact_subject ids, one per subject of the original in position order. */
  subjectIds: string[];
}

/** The SQL of information added to a contact, and of the contact that follows a closed one. */
export const contactInformationRows = {
  /** Locks the contact row: additions to one contact run one after another, so their positions never collide. */
  async lock(em: EntityManager, contactId: string): Promise<LockedForInformation | undefined> {
    const [row] = await em.query(
      `SELECT c.reference, c.status, c.submitted_by_user_id, ARRAY(SELECT s.id FROM contact_subject s WHERE s.contact_id = c.id ORDER BY s.position) AS subject_ids
         FROM contact c WHERE c.id = $1 FOR UPDATE OF c`,
      [contactId],
    );
    return row && { reference: row.reference, status: row.status, submittedByUserId: row.submitted_by_user_id, subjectIds: row.subject_ids };
  },

  /** The contact_information row with its concerns and evidence (rows keyed by column, as contact-rows.ts builds them). */
  async insert(em: EntityManager, rows: { information: Record<string, unknown>; concerns: unknown[]; evidence: unknown[] }): Promise<void> {
    await em.query(INSERT_INFORMATION_SQL, [JSON.stringify(rows)]);
  },

  /** New information is a change to the contact: its updated time moves. */
  async touch(em: EntityManager, contactId: string, at: Date): Promise<void> {
    await em.query('UPDATE contact SET updated_at = $2 WHERE id = $1', [contactId, at]);
  },

  /**
   * A new contact following a closed one: the same children (linked to the same persons, so their
   * history and flags count), household, referrer, submitter and tracking token, channel and consent;
   * none of the earlier concerns (they are history now). Statements see each other's rows: the
   * subjects find their household rows by position.
   */
  async insertFollowUp(em: EntityManager, f: FollowUpRow): Promise<{ id: string; reference: string }> {
    const [created] = await em.query(
      `INSERT INTO contact (id, reference, channel, status, received_at, submitted_by_user_id, submitted_by_agency_id, referrer_type, anonymous,
                            referral_source, consent_status, consent_reason, tracking_token_hash, follows_contact_id)
       SELECT $1, ${referenceSql(f.year)}, o.channel, 'received', $3, o.submitted_by_user_id, o.submitted_by_agency_id, o.referrer_type, o.anonymous,
              o.referral_source, o.consent_status, o.consent_reason, o.tracking_token_hash, o.id
         FROM contact o, nextval('${referenceSequenceName(f.year)}') n WHERE o.id = $2
       RETURNING id, reference`,
      [f.id, f.originalContactId, f.at],
    );
    await em.query(
      `INSERT INTO contact_referrer (contact_id, name, role, organisation, phone, email, relationship_to_child)
       SELECT $1, name, role, organisation, phone, email, relationship_to_child FROM contact_referrer WHERE contact_id = $2`,
      [f.id, f.originalContactId],
    );
    await em.query(
      `INSERT INTO contact_household_member (id, contact_id, position, first_name, last_name, aliases, date_of_birth, sex, nhs_number, relationship, resident,
                                             parental_responsibility, known_risks, unknown_reason, postcode, person_id)
       SELECT gen_random_uuid(), $1, position, first_name, last_name, aliases, date_of_birth, sex, nhs_number, relationship, resident,
              parental_responsibility, known_risks, unknown_reason, postcode, person_id
         FROM contact_household_member WHERE contact_id = $2`,
      [f.id, f.originalContactId],
    );
    await em.query(
      `INSERT INTO contact_subject (id, contact_id, position, first_name, last_name, aliases, description, date_of_birth, expected_delivery_date, sex, nhs_number,
                                    address_line1, address_line2, town, postcode, address_type, school, gp_practice, disability, communication_needs,
                                    first_language, interpreter_needed, seen_by_referrer, person_id, household_member_id)
       SELECT ($3::uuid[])[x.n], $1, x.n - 1, s.first_name, s.last_name, s.aliases, s.description, s.date_of_birth, s.expected_delivery_date, s.sex, s.nhs_number,
              s.address_line1, s.address_line2, s.town, s.postcode, s.address_type, s.school, s.gp_practice, s.disability, s.communication_needs,
              s.first_language, s.interpreter_needed, s.seen_by_referrer, s.person_id, nh.id
         FROM (SELECT s.*, row_number() OVER (ORDER BY s.position) AS n FROM contact_subject s WHERE s.contact_id = $2) x
         JOIN contact_subject s ON s.id = x.id
         LEFT JOIN contact_household_member oh ON oh.id = s.household_member_id
         LEFT JOIN contact_household_member nh ON nh.contact_id = $1 AND nh.position = oh.position`,
      [f.id, f.originalContactId, f.subjectIds],
    );
    return created;
  },
};
