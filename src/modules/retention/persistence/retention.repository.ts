import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RetentionPolicy } from '../domain/retention-policy';

/**
 * The rules live in the database (see the RetentionAndLegalHold migration), reading the periods the
 * migrate job applied from config/retention.yaml, so the purge function can check every id it is
 * given whatever asked for it. Only contacts with a signed-off decision can have expired.
 */
const EXPIRED_CONTACTS = `
  SELECT c.id FROM contact c
   WHERE c.id > $1 AND EXISTS (SELECT 1 FROM threshold_decision d WHERE d.contact_id = c.id AND d.status = 'final')
     AND retention_contact_expired(c.id) AND NOT retention_contact_held(c.id)
   ORDER BY c.id LIMIT $2`;

/** A feedback row expires from when its e-mail was sent (the outbound_message about it), or from when it was written. */
const FEEDBACK_EXPIRED = `retention_feedback_expired(coalesce((SELECT m.sent_at FROM outbound_message m WHERE m.about_type = 'feedback' AND m.about_id = f.id), f.created_at))
  AND NOT retention_contact_held(f.contact_id)`;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export interface ContactPurge {
  contactIds: string[];
  counts: Record<string, number>;
}

export interface LegalHoldRow {
  id: string;
  personId: string;
  reason: string;
  setByUserId: string;
  setAt: Date;
  liftedAt: Date | null;
  liftedByUserId: string | null;
  liftReason: string | null;
}

const HOLD_COLUMNS = `id, person_id AS "personId", reason, set_by_user_id AS "setByUserId", set_at AS "setAt", lifted_at AS "liftedAt",
  lifted_by_user_id AS "liftedByUserId", lift_reason AS "liftReason"`;

/** Retention's reads and deletes (SPEC SEC-5); contacts are deleted by retention_purge_contacts (see its migration). */
@Injectable()
export class RetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit` expired contact ids after `afterId`, in id order (keyset). */
  async expiredContactIds(limit: number, afterId = NIL_UUID, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(EXPIRED_CONTACTS, [afterId, limit]);
    return rows.map((r) => r.id);
  }

  async expiredFeedbackIds(limit: number, afterId = NIL_UUID, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(`SELECT f.id FROM feedback f WHERE f.id > $1 AND ${FEEDBACK_EXPIRED} ORDER BY f.id LIMIT $2`, [afterId, limit]);
    return rows.map((r) => r.id);
  }

  /** Every expired id (the dry run), read a batch at a time. */
  async allExpired(batchSize: number): Promise<{ contactIds: string[]; feedbackIds: string[] }> {
    const all = async (page: (after?: string) => Promise<string[]>) => {
      const ids: string[] = [];
      for (let batch = await page(); batch.length; batch = batch.length < batchSize ? [] : await page(batch[batch.length - 1])) ids.push(...batch);
      return ids;
    };
    return {
      feedbackIds: await all((after) => this.expiredFeedbackIds(batchSize, after)),
      contactIds: await all((after) => this.expiredContactIds(batchSize, after)),
    };
  }

  /** Writes the periods into retention_policy (as the schema owner: the migrate job). */
  async applyPolicy(policy: RetentionPolicy): Promise<void> {
    const rows = Object.entries(policy.rules).map(([recordType, rule]) => ({ record_type: recordType, keep_months: rule.keepMonths, from_anchor: rule.from }));
    await this.dataSource.transaction(async (em) => {
      await em.query('DELETE FROM retention_policy WHERE NOT (record_type = ANY($1::text[]))', [rows.map((r) => r.record_type)]);
      await em.query(
        `INSERT INTO retention_policy (record_type, keep_months, from_anchor)
         SELECT record_type, keep_months, from_anchor FROM jsonb_to_recordset($1::jsonb) AS r(record_type text, keep_months int, from_anchor text)
         ON CONFLICT (record_type) DO UPDATE SET keep_months = EXCLUDED.keep_months, from_anchor = EXCLUDED.from_anchor, updated_at = now()
         WHERE (retention_policy.keep_months, retention_policy.from_anchor) IS DISTINCT FROM (EXCLUDED.keep_months, EXCLUDED.from_anchor)`,
        [JSON.stringify(rows)],
      );
    });
  }

  /** The periods the database applies, to compare with the worker's config/retention.yaml. */
  async appliedPolicy(): Promise<Record<string, { keepMonths: number; from: string }>> {
    const rows: { record_type: string; keep_months: number; from_anchor: string }[] = await this.dataSource.query('SELECT record_type, keep_months, from_anchor FROM retention_policy');
    return Object.fromEntries(rows.map((r) => [r.record_type, { keepMonths: r.keep_months, from: r.from_anchor }]));
  }

  /** Deletes the contacts (skipping any a held person appears in) and all that hangs off them. */
  async purgeContacts(em: EntityManager, ids: string[]): Promise<ContactPurge> {
    const [{ result }] = await em.query('SELECT retention_purge_contacts($1::uuid[]) AS result', [ids]);
    return result as ContactPurge;
  }

  /** Deletes the feedback rows, re-checking expiry and hold in the same statement. */
  async deleteFeedback(em: EntityManager, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await em.query(`DELETE FROM feedback f WHERE f.id = ANY($1::uuid[]) AND ${FEEDBACK_EXPIRED} RETURNING f.id`, [ids]);
    return rows.map((r) => r.id).sort();
  }

  async personExists(em: EntityManager, personId: string): Promise<boolean> {
    return (await em.query('SELECT 1 FROM person WHERE id = $1', [personId])).length > 0;
  }

  /** The new hold, or null when the person is already held. */
  async setHold(em: EntityManager, personId: string, reason: string, userId: string): Promise<LegalHoldRow | null> {
    const rows: LegalHoldRow[] = await em.query(
      `INSERT INTO legal_hold (person_id, reason, set_by_user_id) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) WHERE lifted_at IS NULL DO NOTHING RETURNING ${HOLD_COLUMNS}`,
      [personId, reason, userId],
    );
    return rows[0] ?? null;
  }

  /** The lifted hold, or null when the person had no active hold. */
  async liftHold(em: EntityManager, personId: string, reason: string, userId: string): Promise<LegalHoldRow | null> {
    const rows: [LegalHoldRow[], number] = await em.query(
      `UPDATE legal_hold SET lifted_at = now(), lifted_by_user_id = $3, lift_reason = $2 WHERE person_id = $1 AND lifted_at IS NULL RETURNING ${HOLD_COLUMNS}`,
      [personId, reason, userId],
    );
    return rows[0][0] ?? null;
  }
}
