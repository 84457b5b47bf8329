import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { referenceSequenceName } from '../domain/reference';
import { referenceSql } from './contact-sql';

export interface RequeueRow {
  originalContactId: string;
  subjectId: string;
  year: number;
  at: Date;
  byUserId: string | null;
  byAgencyId: string | null;
  note: string;
}

/** The SQL of a re-queue: a new contact copied from an original, about one of its children. */
export const requeueRows = {
  async originalReference(em: EntityManager, contactId: string): Promise<string> {
    const [original] = await em.query('SELECT reference FROM contact WHERE id = $1', [contactId]);
    return original.reference;
  },

  /** Inserts the new contact (numbered from the year's sequence), the one child, the household and the concerns about that child. */
  async insertCopy(em: EntityManager, input: RequeueRow): Promise<{ id: string; reference: string }> {
    const id = randomUUID();
    const year = input.year;
    const [created] = await em.query(
      `INSERT INTO contact (id, reference, channel, status, received_at, submitted_by_user_id, submitted_by_agency_id, referrer_type, anonymous,
                            referral_source, referrer_what_should_happen, consent_status, consent_reason)
       SELECT $1, ${referenceSql(year)}, 'early_help_step_up', 'received', $3, $4, $5, 'mash_staff', false,
              o.referral_source, $6, o.consent_status, o.consent_reason
         FROM contact o, nextval('${referenceSequenceName(year)}') n WHERE o.id = $2
       RETURNING id, reference`,
      [id, input.originalContactId, input.at, input.byUserId, input.byAgencyId, input.note],
    );
    const newSubjectId = randomUUID();
    await em.query(
      `INSERT INTO contact_subject (id, contact_id, position, first_name, last_name, aliases, description, date_of_birth, expected_delivery_date, sex, nhs_number,
                                    address_line1, address_line2, town, postcode, address_type, school, gp_practice, disability, communication_needs,
                                    first_language, interpreter_needed, seen_by_referrer, person_id)
       SELECT $1, $2, 0, first_name, last_name, aliases, description, date_of_birth, expected_delivery_date, sex, nhs_number,
              address_line1, address_line2, town, postcode, address_type, school, gp_practice, disability, communication_needs,
              first_language, interpreter_needed, seen_by_referrer, person_id
         FROM contact_subject WHERE id = $3`,
      [newSubjectId, id, input.subjectId],
    );
    await em.query(
      `INSERT INTO contact_household_member (id, contact_id, position, first_name, last_name, aliases, date_of_birth, sex, nhs_number, relationship, resident,
                                             parental_responsibility, known_risks, unknown_reason, postcode, person_id)
       SELECT gen_random_uuid(), $1, position, first_name, last_name, aliases, date_of_birth, sex, nhs_number, relationship, resident,
              parental_responsibility, known_risks, unknown_reason, postcode, person_id
         FROM contact_household_member WHERE contact_id = $2`,
      [id, input.originalContactId],
    );
    await em.query(
      `INSERT INTO contact_concern (id, contact_id, position, category, cin_factor_code, description, incident_date, subject_ids)
       SELECT gen_random_uuid(), $1, (row_number() OVER (ORDER BY position)) - 1, category, cin_factor_code, description, incident_date, ARRAY[$3::uuid]
         FROM contact_concern WHERE contact_id = $2 AND (cardinality(subject_ids) = 0 OR $4::uuid = ANY(subject_ids))`,
      [id, input.originalContactId, newSubjectId, input.subjectId],
    );
    return created;
  },
};
