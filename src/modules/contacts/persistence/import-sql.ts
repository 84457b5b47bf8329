import { AUDIT_COLUMNS } from '../../../audit/audit-row';
import { CONCERN_COLUMNS, CONTACT_COLUMNS, EVIDENCE_COLUMNS, HOUSEHOLD_COLUMNS, REFERRER_COLUMNS, SUBJECT_COLUMNS } from './contact-sql';

/**
 * The SQL of a legacy import of historical contacts (SPEC PERF-6; ContactImportRepository.writeBatch).
 * Its contacts have status `historical` and references drawn beforehand from the year's sequence. A
 * contact whose legacy reference this system already holds (idempotency scope `import:<system>`, key
 * = legacy reference) is skipped with everything of it, so an interrupted import is simply run again.
 */
/** The contact's own columns, then the two known only once its batch is numbered (import-copy-text.ts leaves them to the writer). */
export const IMPORT_CONTACT_COLUMNS = [...CONTACT_COLUMNS, 'reference', 'status'] as const;

/** Of a batch's keys in one scope, those imported before, with the hash of the line first imported. */
export const IMPORT_EXISTING_SQL = `SELECT d.idempotency_key AS key, d.request_hash AS hash
  FROM unnest($2::text[]) AS x(key)
  JOIN contact d ON d.idempotency_scope = $1 AND d.idempotency_key = x.key AND d.idempotency_key IS NOT NULL`;

/** The parts of imported contacts, each table written by COPY after the contacts: table and columns. */
export const IMPORT_PART_TABLES = [
  { key: 'referrer', table: 'contact_referrer', columns: REFERRER_COLUMNS },
  { key: 'subjects', table: 'contact_subject', columns: SUBJECT_COLUMNS },
  { key: 'household', table: 'contact_household_member', columns: HOUSEHOLD_COLUMNS },
  { key: 'concerns', table: 'contact_concern', columns: CONCERN_COLUMNS },
  { key: 'evidence', table: 'contact_evidence', columns: EVIDENCE_COLUMNS },
  { key: 'audit', table: 'audit_event', columns: AUDIT_COLUMNS },
] as const;

export type ImportPartKey = (typeof IMPORT_PART_TABLES)[number]['key'];

export const copySql = (table: string, columns: readonly string[]) => `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
