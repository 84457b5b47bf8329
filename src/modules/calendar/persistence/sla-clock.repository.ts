import type { EntityManager } from 'typeorm';
import { SlaClock } from './sla-clock.entity';

/** Reads of SLA clocks for other features, in the caller's transaction. */
export const slaClocks = {
  /** Every clock about a contact, oldest first. */
  ofContact: (em: EntityManager, contactId: string) => em.find(SlaClock, { where: { contactId }, order: { startedAt: 'ASC', createdAt: 'ASC' } }),
};
