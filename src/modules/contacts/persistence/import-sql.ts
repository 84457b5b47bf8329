import { AUDIT_COLUMNS } from '../../../audit/audit-row';
import { CONCERN_COLUMNS, CONTACT_COLUMNS, EVIDENCE_COLUMNS, HOUSEHOLD_COLUMNS, REFERRER_COLUMNS, SUBJECT_COLUMNS } from './contact-sql';

/**
 * The SQL of a legacy import of historical contacts (SPEC PERF-6; ContactImportRepository.writeBatch).
 * Its contacts have status `historical` and references drawn beforehand from the year's sequence. A
 * contact whose legacy reference this system already holds (idempotency scope `import:<system>`, key
 * = legacy reference) is skipped with everything of it, so an interrupted import is simply run again.
 */
export const IMPORT_CONTACT_COLUMNS = [...CONTACT_COLUMNS, 'reference', 'status'] as const;

/** Of a batch's (scope, key) pairs, those imported before, with the hash of the line first imported. */
export const IMPORT_EXISTING_SQL = `SELECT d.idempotency_scope AS scope, d.idempotency_key AS key, d.request_hash AS hash
  FROM unnest($1::text[], $2::text[]) AS x(scope, key)
  JOIN contact d ON d.idempotency_scope = x.scope AND d.idempotency_key = x.key AND d.idempotency_key IS NOT NULL`;

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
