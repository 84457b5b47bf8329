import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import type { ContactStatus, Urgency } from '../domain/contact-vocabulary';

export interface LockedContact {
  id: string;
  reference: string;
  status: ContactStatus;
  urgency: Urgency | null;
  receivedAt: Date;
}

/**
 * The rows are locked in id order first (an UPDATE ... FROM locks in whatever order its join runs),
 * so two transactions moving overlapping contacts wait for each other instead of deadlocking.
 */
const MOVE_MANY_IF_STILL = `
  WITH m AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, "from" text, "to" text)),
  locked AS (SELECT c.id FROM contact c JOIN m USING (id) WHERE c.status = m."from" ORDER BY c.id FOR UPDATE OF c)
  UPDATE contact c SET status = m."to", updated_at = now()
    FROM m JOIN locked USING (id)
   WHERE c.id = m.id AND c.status = m."from"
  RETURNING c.id::text AS id`;

export interface StatusMove {
  contactId: string;
  from: ContactStatus;
  to: ContactStatus;
}

/** The SQL behind contact.status: the only statements that write it. */
export const contactStatusRows = {
  async lock(em: EntityManager, contactId: string): Promise<LockedContact | undefined> {
    const [row] = await em.query('SELECT id, reference, status, urgency, received_at FROM contact WHERE id = $1 FOR UPDATE', [contactId]);
    return row && { id: row.id, reference: row.reference, status: row.status, urgency: row.urgency, receivedAt: row.received_at };
  },
  async current(em: EntityManager, contactId: string): Promise<ContactStatus | undefined> {
    const [row] = await em.query('SELECT status FROM contact WHERE id = $1', [contactId]);
    return row?.status;
  },
  async set(em: EntityManager, contactId: string, to: ContactStatus): Promise<void> {
    await em.query('UPDATE contact SET status = $2, updated_at = now() WHERE id = $1', [contactId, to]);
  },
  /** Whether it was marked (false: graded meanwhile, or marked before). */
  async markGradingFailed(em: EntityManager, contactId: string, reason: string, at: Date): Promise<boolean> {
    const [rows] = await em.query(
      `UPDATE contact SET grading_failed_at = $2, grading_failure_reason = $3, updated_at = now()
        WHERE id = $1 AND status = 'received' AND grading_failed_at IS NULL RETURNING id`,
      [contactId, at, reason],
    );
    return rows.length > 0;
  },
  /** Prepared: batch grading runs it once per batch. The contacts that moved. */
  async moveManyIfStill(em: EntityManager, moves: StatusMove[]): Promise<Set<string>> {
    if (!moves.length) return new Set();
    const rows = await preparedQuery<{ id: string }>(em, MOVE_MANY_IF_STILL, [JSON.stringify(moves.map((m) => ({ id: m.contactId, from: m.from, to: m.to })))]);
    return new Set(rows.map((r) => r.id));
  },
};
