import type { EntityManager } from 'typeorm';

/** The readiness probe's one statement: Postgres answers. */
export const databaseProbe = {
  async ping(em: EntityManager): Promise<void> {
    await em.query('SELECT 1');
  },
};
