import { AUDIT_COLUMNS } from '../../../audit/audit-row';
import { insertRows } from '../../../database/insert-rows';

/**
 * The SQL of intake (SPEC PERF-1): the whole contact goes to Postgres as one jsonb parameter and is
 * written by one statement of data-modifying CTEs, one INSERT per table, so a contact costs one round
 * trip however many children and concerns it has. Column lists are explicit, so columns other
 * modules add later keep their defaults.
 */

export const CONTACT_COLUMNS = [
  'id', 'channel', 'received_at', 'submitted_by_user_id', 'submitted_by_agency_id', 'referrer_type', 'anonymous', 'referral_source',
  'referrer_says_child_protection', 'referrer_harm', 'referrer_what_should_happen', 'urgency', 'consent_status', 'consent_reason',
  'tracking_token_hash', 'idempotency_scope', 'idempotency_key', 'request_hash', 'social_care_attended',
] as const;
export const REFERRER_COLUMNS = ['contact_id', 'name', 'role', 'organisation', 'phone', 'email', 'relationship_to_child'] as const;
export const SUBJECT_COLUMNS = [
  'id', 'contact_id', 'position', 'first_name', 'last_name', 'aliases', 'description', 'date_of_birth', 'expected_delivery_date', 'sex', 'nhs_number',
  'address_line1', 'address_line2', 'town', 'postcode', 'address_type', 'school', 'gp_practice', 'disability', 'communication_needs',
  'first_language', 'interpreter_needed', 'seen_by_referrer', 'household_member_id',
] as const;
export const HOUSEHOLD_COLUMNS = [
  'id', 'contact_id', 'position', 'first_name', 'last_name', 'aliases', 'date_of_birth', 'sex', 'nhs_number', 'relationship', 'resident',
  'parental_responsibility', 'known_risks', 'unknown_reason', 'postcode',
] as const;
export const CONCERN_COLUMNS = ['id', 'contact_id', 'position', 'category', 'cin_factor_code', 'description', 'incident_date', 'subject_ids', 'added_at', 'information_id'] as const;
export const EVIDENCE_COLUMNS = ['id', 'contact_id', 'position', 'type', 'held_by', 'description', 'added_at', 'information_id'] as const;
/** The outbox columns that OutboxService writes; the rest keep their defaults. */
export const OUTBOX_COLUMNS = ['queue', 'job_name', 'job_id', 'payload'] as const;

export type Row<C extends readonly string[]> = { [K in C[number]]: unknown };

/**
 * Information added later: the contact_information row, then its concerns and evidence numbered after
 * the contact's existing ones (the caller holds the contact's row lock, so positions cannot collide).
 */
export const INSERT_INFORMATION_SQL = `WITH i AS (
  INSERT INTO contact_information (id, contact_id, added_at, source, added_by_user_id, added_by_role, note)
  SELECT x.id, x.contact_id, x.added_at, x.source, x.added_by_user_id, x.added_by_role, x.note
    FROM jsonb_populate_record(NULL::contact_information, $1::jsonb -> 'information') x
),
base AS (
  SELECT (SELECT coalesce(max(position) + 1, 0) FROM contact_concern WHERE contact_id = ($1::jsonb #>> '{information,contact_id}')::uuid) AS k,
         (SELECT coalesce(max(position) + 1, 0) FROM contact_evidence WHERE contact_id = ($1::jsonb #>> '{information,contact_id}')::uuid) AS e
),
k AS (${insertRows('contact_concern', CONCERN_COLUMNS, 'concerns', 'base', { position: 'base.k + x.position' })}),
e AS (${insertRows('contact_evidence', EVIDENCE_COLUMNS, 'evidence', 'base', { position: 'base.e + x.position' })})
SELECT 1 AS ok`;

/**
 * Inserts a contact, all its parts, its audit event and its outbox rows, in one statement: all of
 * it commits or none of it does (SPEC INT-9, PERF-1), alone or with the other contacts of its
 * intake turn (ContactIntakeRepository).
 * Returns one row, or none when the Idempotency-Key was used before (ON CONFLICT waits for a
 * concurrent holder of the key to commit, so two requests with one key never make two contacts);
 * every other insert joins `c`, so nothing at all is written then. The reference comes from the
 * year's sequence; an identical submission from the same submitter in the last 10 minutes is
 * linked as a possible duplicate.
 */
/** SQL for the reference of the year's n-th contact, `n` being the sequence value (domain/reference.ts, contactReference). */
export function referenceSql(year: number, n = 'n'): string {
  return `'MASH-${year}-' || lpad(${n}::text, greatest(6, length(${n}::text)), '0')`;
}

export function insertContactSql(sequence: string, year: number): string {
  const cols = CONTACT_COLUMNS.join(', ');
  return `WITH c AS (
  INSERT INTO contact (${cols}, reference, status, possible_duplicate_of_id)
  SELECT ${CONTACT_COLUMNS.map((k) => `x.${k}`).join(', ')},
         ${referenceSql(year)}, 'received',
         (SELECT d.id FROM contact d
           WHERE d.request_hash = x.request_hash AND d.received_at >= x.received_at - interval '10 minutes'
             AND d.submitted_by_user_id IS NOT DISTINCT FROM x.submitted_by_user_id
           ORDER BY d.received_at LIMIT 1)
    FROM jsonb_populate_record(NULL::contact, $1::jsonb -> 'contact') x, nextval('${sequence}') n
  ON CONFLICT (idempotency_scope, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING id, reference, received_at, possible_duplicate_of_id
),
r AS (${insertRows('contact_referrer', REFERRER_COLUMNS, 'referrer', 'c')}),
s AS (${insertRows('contact_subject', SUBJECT_COLUMNS, 'subjects', 'c')}),
h AS (${insertRows('contact_household_member', HOUSEHOLD_COLUMNS, 'household', 'c')}),
k AS (${insertRows('contact_concern', CONCERN_COLUMNS, 'concerns', 'c')}),
e AS (${insertRows('contact_evidence', EVIDENCE_COLUMNS, 'evidence', 'c')}),
a AS (${insertRows('audit_event', AUDIT_COLUMNS, 'audit', 'c')}),
o AS (${insertRows('outbox', OUTBOX_COLUMNS, 'outbox', 'c')})
SELECT id, reference, received_at, possible_duplicate_of_id FROM c`;
}
