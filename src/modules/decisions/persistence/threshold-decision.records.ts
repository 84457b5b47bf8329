import type { EntityManager } from 'typeorm';
import { ThresholdDecision } from './threshold-decision.entity';

/** Reads of threshold decisions for other features, in the caller's transaction. */
export const thresholdDecisions = {
  byId: (em: EntityManager, id: string): Promise<ThresholdDecision | null> => em.findOne(ThresholdDecision, { where: { id } }),
};
