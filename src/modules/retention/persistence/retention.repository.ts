import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ContactRecordType, RetentionPolicy } from '../domain/retention-policy';

/** A contact or feedback row that names a person under an active legal hold (as a child or in the household). */
const HELD_CONTACT = (contactId: string) => `(
  EXISTS (SELECT 1 FROM contact_subject s JOIN legal_hold h ON h.person_id = s.person_id AND h.lifted_at IS NULL WHERE s.contact_id = ${contactId})
  OR EXISTS (SELECT 1 FROM contact_household_member m JOIN legal_hold h ON h.person_id = m.person_id AND h.lifted_at IS NULL WHERE m.contact_id = ${contactId}))`;

/**
 * Closed contacts (every child has a signed-off decision) whose every record type has expired:
 * contacts_nfa or referrals by their outcomes, plus strategy_records and step_downs when they hold
 * one. Periods are in months ($n), anchors are closure or the youngest child's date of birth.
 */
const EXPIRED_CONTACTS = `
  WITH closed AS (
    SELECT c.id, max(d.final_at) AS closed_at, bool_and(d.outcome = 'nfa') AS all_nfa
      FROM contact c JOIN threshold_decision d ON d.contact_id = c.id AND d.status = 'final'
     WHERE c.id > $9
     GROUP BY c.id
    HAVING count(DISTINCT d.subject_id) = (SELECT count(*) FROM contact_subject s WHERE s.contact_id = c.id)
  ), dated AS (
    SELECT k.*,
      coalesce((SELECT max(coalesce(s.date_of_birth, s.expected_delivery_date)) FROM contact_subject s WHERE s.contact_id = k.id)::timestamptz, k.closed_at) AS born_at,
      EXISTS (SELECT 1 FROM strategy_discussion x WHERE x.contact_id = k.id) AS has_strategy,
      EXISTS (SELECT 1 FROM step_down x WHERE x.contact_id = k.id) AS has_step_down
    FROM closed k
  )
  SELECT id FROM dated
   WHERE greatest(
       CASE WHEN all_nfa THEN (CASE WHEN $2 THEN born_at ELSE closed_at END) + make_interval(months => $1) END,
       CASE WHEN NOT all_nfa THEN (CASE WHEN $4 THEN born_at ELSE closed_at END) + make_interval(months => $3) END,
       CASE WHEN has_strategy THEN (CASE WHEN $6 THEN born_at ELSE closed_at END) + make_interval(months => $5) END,
       CASE WHEN has_step_down THEN (CASE WHEN $8 THEN born_at ELSE closed_at END) + make_interval(months => $7) END
     ) < now()
     AND NOT ${HELD_CONTACT('dated.id')}
   ORDER BY id LIMIT $10`;

const EXPIRED_FEEDBACK = `
  SELECT f.id FROM feedback f
   WHERE f.id > $2 AND coalesce(f.sent_at, f.created_at) + make_interval(months => $1) < now() AND NOT ${HELD_CONTACT('f.contact_id')}
   ORDER BY f.id LIMIT $3`;

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
  async expiredContactIds(policy: RetentionPolicy, limit: number, afterId = NIL_UUID, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rule = (t: ContactRecordType) => [policy.rules[t].keepMonths, policy.rules[t].from === 'child_date_of_birth'];
    const rows: { id: string }[] = await em.query(EXPIRED_CONTACTS, [
      ...rule('contacts_nfa'), ...rule('referrals'), ...rule('strategy_records'), ...rule('step_downs'), afterId, limit,
    ]);
    return rows.map((r) => r.id);
  }

  async expiredFeedbackIds(policy: RetentionPolicy, limit: number, afterId = NIL_UUID, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(EXPIRED_FEEDBACK, [policy.rules.feedback.keepMonths, afterId, limit]);
    return rows.map((r) => r.id);
  }

  /** Every expired id (the dry run), read a batch at a time. */
  async allExpired(policy: RetentionPolicy): Promise<{ contactIds: string[]; feedbackIds: string[] }> {
    const all = async (page: (after?: string) => Promise<string[]>) => {
      const ids: string[] = [];
      for (let batch = await page(); batch.length; batch = batch.length < policy.batchSize ? [] : await page(batch[batch.length - 1])) ids.push(...batch);
      return ids;
    };
    return {
      feedbackIds: await all((after) => this.expiredFeedbackIds(policy, policy.batchSize, after)),
      contactIds: await all((after) => this.expiredContactIds(policy, policy.batchSize, after)),
    };
  }

  /** Deletes the contacts (skipping any a held person appears in) and all that hangs off them. */
  async purgeContacts(em: EntityManager, ids: string[]): Promise<ContactPurge> {
    const [{ result }] = await em.query('SELECT retention_purge_contacts($1::uuid[]) AS result', [ids]);
    return result as ContactPurge;
  }

  /** Deletes the feedback rows, re-checking the hold in the same statement. */
  async deleteFeedback(em: EntityManager, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await em.query(`DELETE FROM feedback f WHERE f.id = ANY($1::uuid[]) AND NOT ${HELD_CONTACT('f.contact_id')} RETURNING f.id`, [ids]);
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
