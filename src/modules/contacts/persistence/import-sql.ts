import { AUDIT_COLUMNS } from '../../../audit/audit-row';
import { CONCERN_COLUMNS, CONTACT_COLUMNS, EVIDENCE_COLUMNS, HOUSEHOLD_COLUMNS, REFERRER_COLUMNS, SUBJECT_COLUMNS } from './contact-sql';

/**
 * The contacts of a batch of historical contacts from a legacy import (SPEC PERF-6), status
 * `historical`, references drawn beforehand from the year's sequence; COPY writes their parts and
 * audit events afterwards in the same transaction (ContactImportRepository.writeBatch). A contact whose
 * legacy reference this system already holds (idempotency scope `import:<system>`, key = legacy
 * reference) is skipped with everything of it, so an interrupted import is simply run again. Returns
 * the ids inserted, and how many of those skipped were imported before from a different line (left
 * as first imported; the statement's snapshot holds only earlier imports).
 */
export const IMPORT_CONTACTS_SQL = `WITH x AS (SELECT * FROM jsonb_populate_recordset(NULL::contact, $1::jsonb)),
c AS (
  INSERT INTO contact (${CONTACT_COLUMNS.join(', ')}, reference, status)
  SELECT ${CONTACT_COLUMNS.map((k) => `x.${k}`).join(', ')}, x.reference, 'historical' FROM x
  ON CONFLICT (idempotency_scope, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING id
)
SELECT ARRAY(SELECT id::text FROM c) AS inserted,
  (SELECT count(*)::int FROM x JOIN contact d ON d.idempotency_scope = x.idempotency_scope AND d.idempotency_key = x.idempotency_key
    WHERE d.idempotency_key IS NOT NULL AND d.request_hash <> x.request_hash) AS changed`;

/** The parts of imported contacts, each table written by COPY: table, columns, and the column naming the contact. */
export const IMPORT_PART_TABLES = [
  { key: 'referrer', table: 'contact_referrer', columns: REFERRER_COLUMNS, contact: 'contact_id' },
  { key: 'subjects', table: 'contact_subject', columns: SUBJECT_COLUMNS, contact: 'contact_id' },
  { key: 'household', table: 'contact_household_member', columns: HOUSEHOLD_COLUMNS, contact: 'contact_id' },
  { key: 'concerns', table: 'contact_concern', columns: CONCERN_COLUMNS, contact: 'contact_id' },
  { key: 'evidence', table: 'contact_evidence', columns: EVIDENCE_COLUMNS, contact: 'contact_id' },
  { key: 'audit', table: 'audit_event', columns: AUDIT_COLUMNS, contact: 'entity_id' },
] as const;

export const copySql = (table: string, columns: readonly string[]) => `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
