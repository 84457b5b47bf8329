import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { referenceSequenceName } from '../../contacts/domain/reference';

/** Why the child goes back to the triage queue; the words the worker reads on the new contact. */
export const REQUEUE_NOTES = {
  rejected: 'Step-down to early help rejected by the receiving agency: returned to the MASH for triage',
  hard_limit: 'Step-down to early help not accepted within the hard limit: returned to the MASH for triage automatically',
  consent_declined: 'Reconsider threshold: the family declined early help (SPEC STEP-5)',
} as const;
export type RequeueReason = keyof typeof REQUEUE_NOTES;

/** The year's reference sequence exists (created once, outside the business transaction, like intake does). */
export async function ensureReferenceSequence(em: EntityManager, at: Date): Promise<void> {
  const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(at));
  const name = referenceSequenceName(year);
  const [{ found }] = await em.query('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
  if (found) return;
  try {
    await em.query(`CREATE SEQUENCE IF NOT EXISTS ${name} AS bigint MINVALUE 1`);
  } catch (error) {
    // Two processes creating it at once: the loser sees a duplicate in the catalogue.
    const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') throw error;
  }
}

/**
 * Puts the child back in the triage queue (SPEC STEP-2, STEP-5) as a NEW contact copied from the
 * original: the one child, the household and the concerns about that child, with channel
 * early_help_step_up (a return from early help) and a note naming the original reference. It gets
 * the same `triage`/`contact.received` outbox row intake writes, so triage grades it like any other.
 * Runs inside the caller's transaction; the caller records the link (step_down.requeue_contact_id).
 *
 * The MASH submits it, never the person whose action returned the child: a receiving agency that
 * rejects a step-down must not become the submitter of a copy of the whole case (household, risks,
 * the original referrer's narrative) with its outcome e-mail and challenge rights. Who rejected is
 * recorded apart, on the step-down (responded_by_user_id) and in the audit trail.
 */
export async function insertRequeueContact(
  em: EntityManager,
  input: { originalContactId: string; subjectId: string; reason: RequeueReason; at: Date },
): Promise<{ id: string; reference: string }> {
  const id = randomUUID();
  const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(input.at));
  const [original] = await em.query('SELECT reference FROM contact WHERE id = $1', [input.originalContactId]);
  const note = `${REQUEUE_NOTES[input.reason]}. Original contact ${original.reference}.`;
  const [created] = await em.query(
    `INSERT INTO contact (id, reference, channel, status, received_at, submitted_by_user_id, submitted_by_agency_id, referrer_type, anonymous,
                          referral_source, referrer_what_should_happen, consent_status, consent_reason)
     SELECT $1, 'MASH-${year}-' || lpad(n::text, greatest(6, length(n::text)), '0'), 'early_help_step_up', 'received', $3, NULL, NULL, 'mash_staff', false,
            o.referral_source, $4, o.consent_status, o.consent_reason
       FROM contact o, nextval('${referenceSequenceName(year)}') n WHERE o.id = $2
     RETURNING id, reference`,
    [id, input.originalContactId, input.at, note],
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
}
