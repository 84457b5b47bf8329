import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';

/** A subject's flags as stored (accumulation_flag), with rule id, threshold and causing contacts. */
export interface StoredFlagRow {
  subject_id: string;
  contact_id: string;
  person_id: string | null;
  rule_id: string;
  label: string;
  threshold: Record<string, number>;
  causing_contact_ids: string[];
  evidence: unknown[];
}

/**
 * Replaces the stored flags of each subject given with its new set, in one statement: flags still
 * raised are updated in place, new ones inserted, and those no longer raised deleted (the two sets
 * of rows are disjoint, so the statement never meets its own unique key). Per graded contact: prepared.
 */
const STORE_FLAGS = `WITH x AS (SELECT * FROM jsonb_populate_recordset(NULL::accumulation_flag, $1::jsonb)),
  up AS (
    INSERT INTO accumulation_flag (subject_id, contact_id, person_id, rule_id, label, threshold, causing_contact_ids, evidence, config_version, computed_at)
    SELECT subject_id, contact_id, person_id, rule_id, label, threshold, causing_contact_ids, evidence, $3, $4 FROM x
    ON CONFLICT (subject_id, rule_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, person_id = EXCLUDED.person_id, label = EXCLUDED.label,
      threshold = EXCLUDED.threshold, causing_contact_ids = EXCLUDED.causing_contact_ids, evidence = EXCLUDED.evidence,
      config_version = EXCLUDED.config_version, computed_at = EXCLUDED.computed_at),
  gone AS (
    DELETE FROM accumulation_flag f WHERE f.subject_id = ANY($2::uuid[])
      AND NOT EXISTS (SELECT 1 FROM x WHERE x.subject_id = f.subject_id AND x.rule_id = f.rule_id))
  SELECT 1 AS stored`;

export const accumulationFlags = {
  async store(em: EntityManager, rows: StoredFlagRow[], subjectIds: string[], configVersion: string, now: Date): Promise<void> {
    await preparedQuery(em, STORE_FLAGS, [JSON.stringify(rows), subjectIds, configVersion, now]);
  },

  /** The child's latest contact received by `now` (a person's flags on demand are computed against it). */
  async latestSubject(em: Pick<EntityManager, 'query'>, personId: string, now: Date): Promise<{ id: string; contact_id: string } | undefined> {
    const [row] = await preparedQuery(
      em,
      `SELECT s.id, s.contact_id FROM contact_subject s JOIN contact c ON c.id = s.contact_id
       WHERE s.person_id = $1 AND c.received_at <= $2 ORDER BY c.received_at DESC, c.id DESC LIMIT 1`,
      [personId, now],
    );
    return row;
  },
};
