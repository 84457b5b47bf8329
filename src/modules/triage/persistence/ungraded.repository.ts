import type { EntityManager } from 'typeorm';

/** Contacts received and still without a provisional grade (no contact_triage row). */
const UNGRADED = `c.status = 'received' AND NOT EXISTS (SELECT 1 FROM contact_triage t WHERE t.contact_id = c.id)`;

export const ungradedRows = {
  /** Ungraded contacts received at or before `before` that automatic grading has not given up on, oldest first. */
  async overdue(em: EntityManager, before: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT c.id FROM contact c WHERE ${UNGRADED} AND c.grading_failed_at IS NULL AND c.received_at <= $1 ORDER BY c.received_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.id);
  },

  /** How many contacts received at or before `before` are still ungraded, those left to grade by hand included. */
  async overdueCount(em: EntityManager, before: Date): Promise<number> {
    const [row] = await em.query(`SELECT count(*)::int AS n FROM contact c WHERE ${UNGRADED} AND c.received_at <= $1`, [before]);
    return row.n;
  },
};
