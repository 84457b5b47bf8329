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

const MOVE_IF_STILL = `UPDATE contact SET status = $3, updated_at = now() WHERE id = $1 AND status = $2 RETURNING id`;

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
  /** Prepared: the grading hot path runs it once per contact. */
  async moveIfStill(em: EntityManager, contactId: string, from: ContactStatus, to: ContactStatus): Promise<boolean> {
    return (await preparedQuery(em, MOVE_IF_STILL, [contactId, from, to])).length > 0;
  },
};
