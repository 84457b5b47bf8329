import { AUDIT_COLUMNS } from '../../../audit/audit-row';
import { insertRows } from '../../../database/insert-rows';
import { CONCERN_COLUMNS, CONTACT_COLUMNS, EVIDENCE_COLUMNS, HOUSEHOLD_COLUMNS, REFERRER_COLUMNS, SUBJECT_COLUMNS } from './contact-sql';

/** The rows of a part of the contacts the batch did insert (a contact skipped as imported before brings none). */
const ofInserted = { cte: 'c', on: 'c.id = x.contact_id' };

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
r AS (${insertRows('contact_referrer', REFERRER_COLUMNS, 'referrer', ofInserted)}),
s AS (${insertRows('contact_subject', SUBJECT_COLUMNS, 'subjects', ofInserted)}),
h AS (${insertRows('contact_household_member', HOUSEHOLD_COLUMNS, 'household', ofInserted)}),
k AS (${insertRows('contact_concern', CONCERN_COLUMNS, 'concerns', ofInserted)}),
e AS (${insertRows('contact_evidence', EVIDENCE_COLUMNS, 'evidence', ofInserted)}),
a AS (${insertRows('audit_event', AUDIT_COLUMNS, 'audit', { cte: 'c', on: 'c.id::text = x.entity_id' })})
SELECT (SELECT count(*)::int FROM c) AS imported,
  -- Imported before from a line that differs now (the statement's snapshot holds only earlier imports).
  (SELECT count(*)::int FROM x JOIN contact d ON d.idempotency_scope = x.idempotency_scope AND d.idempotency_key = x.idempotency_key
    WHERE d.idempotency_key IS NOT NULL AND d.request_hash <> x.request_hash) AS changed`;
