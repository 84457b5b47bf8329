import type { EntityManager } from 'typeorm';

/** SQL over approval rows that the ORM calls elsewhere do not cover. */
export const approvalRows = {
  async pendingCount(em: EntityManager, contactId: string): Promise<number> {
    const [row] = await em.query(`SELECT count(*)::int AS n FROM approval WHERE contact_id = $1 AND status = 'pending'`, [contactId]);
    return row.n;
  },
};
