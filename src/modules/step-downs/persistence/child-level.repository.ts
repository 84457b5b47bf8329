import type { EntityManager } from 'typeorm';
import type { ChildLevel } from '../domain/child-level-vocabulary';

/** Reads of a child's level of need (SPEC STEP-1). */
export const childLevels = {
  /** What level this child is at: the latest transition, universal when there is none. */
  async current(em: EntityManager, personId: string): Promise<ChildLevel> {
    const [row] = await em.query('SELECT to_level FROM child_status_transition WHERE person_id = $1 ORDER BY effective_at DESC, created_at DESC LIMIT 1', [personId]);
    return row?.to_level ?? 'universal';
  },
};
