import { AUDIT_COLUMNS } from '../../../audit/audit-row';
import { CONCERN_COLUMNS, CONTACT_COLUMNS, EVIDENCE_COLUMNS, HOUSEHOLD_COLUMNS, REFERRER_COLUMNS, SUBJECT_COLUMNS } from './contact-sql';

/** INSERT ... SELECT of the rows under `key` of $1 whose contact the batch did insert (joined on `on`). */
function rowsOfInserted(table: string, columns: readonly string[], key: string, on: string): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((c) => `x.${c}`).join(', ')}
    FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb -> '${key}') x JOIN c ON ${on}`;
}

/**
 * A batch of historical contacts from a legacy import, in one statement (SPEC PERF-6): the contacts
 * (status `historical`, references drawn beforehand from the year's sequence), their parts and one
 * audit event each (their children and adults are linked to the person index afterwards by the
 * worker's history-linking sweep). A contact whose legacy reference this system already holds
 * (idempotency scope `import:<system>`, key = legacy reference) is skipped with everything of it,
 * so an interrupted import is simply run again. Returns how many contacts were inserted, and how
 * many of those skipped were imported before from a different line (left as first imported).
 */
export const IMPORT_BATCH_SQL = `WITH x AS (SELECT * FROM jsonb_populate_recordset(NULL::contact, $1::jsonb -> 'contacts')),
c AS (
  INSERT INTO contact (${CONTACT_COLUMNS.join(', ')}, reference, status)
  SELECT ${CONTACT_COLUMNS.map((k) => `x.${k}`).join(', ')}, x.reference, 'historical' FROM x
  ON CONFLICT (idempotency_scope, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING id
),
r AS (${rowsOfInserted('contact_referrer', REFERRER_COLUMNS, 'referrer', 'c.id = x.contact_id')}),
s AS (${rowsOfInserted('contact_subject', SUBJECT_COLUMNS, 'subjects', 'c.id = x.contact_id')}),
h AS (${rowsOfInserted('contact_household_member', HOUSEHOLD_COLUMNS, 'household', 'c.id = x.contact_id')}),
k AS (${rowsOfInserted('contact_concern', CONCERN_COLUMNS, 'concerns', 'c.id = x.contact_id')}),
e AS (${rowsOfInserted('contact_evidence', EVIDENCE_COLUMNS, 'evidence', 'c.id = x.contact_id')}),
a AS (${rowsOfInserted('audit_event', AUDIT_COLUMNS, 'audit', 'c.id::text = x.entity_id')})
SELECT (SELECT count(*)::int FROM c) AS imported,
  -- Imported before from a line that differs now (the statement's snapshot holds only earlier imports).
  (SELECT count(*)::int FROM x JOIN contact d ON d.idempotency_scope = x.idempotency_scope AND d.idempotency_key = x.idempotency_key
    WHERE d.idempotency_key IS NOT NULL AND d.request_hash <> x.request_hash) AS changed`;
