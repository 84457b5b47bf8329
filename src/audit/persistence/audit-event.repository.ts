import type { EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity';

export interface AuditTrailFilter {
  entityType?: string;
  entityId?: string;
  action?: string;
  /** Only events before this sequence number (the page cursor). */
  beforeSeq?: string;
}

/** Reads of the audit trail, newest first. */
export const auditEvents = {
  newestFirst(em: EntityManager, filter: AuditTrailFilter, take: number): Promise<AuditEvent[]> {
    const qb = em.getRepository(AuditEvent).createQueryBuilder('e').orderBy('e.seq', 'DESC').take(take);
    if (filter.entityType) qb.andWhere('e.entityType = :t', { t: filter.entityType });
    if (filter.entityId) qb.andWhere('e.entityId = :i', { i: filter.entityId });
    if (filter.action) qb.andWhere('e.action = :a', { a: filter.action });
    if (filter.beforeSeq) qb.andWhere('e.seq < :before', { before: filter.beforeSeq });
    return qb.getMany();
  },
};
