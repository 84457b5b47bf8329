import type { EntityManager } from 'typeorm';
import { insertRows } from '../../database/insert-rows';
import { preparedQuery } from '../../database/prepared-query';
import { AUDIT_COLUMNS, AuditEventRow } from '../audit-row';
import { AuditEvent } from './audit-event.entity';

export interface AuditTrailFilter {
  entityType?: string;
  entityId?: string;
  action?: string;
  /** Only events before this sequence number (the page cursor). */
  beforeSeq?: string;
}

const APPEND = insertRows('audit_event', AUDIT_COLUMNS, 'events');

/** Appends to and reads the audit trail. */
export const auditEvents = {
  /** Any number of events in one prepared statement, on the caller's transaction when it has one. */
  async append(em: EntityManager, rows: AuditEventRow[]): Promise<void> {
    await preparedQuery(em, APPEND, [JSON.stringify({ events: rows })]);
  },

  newestFirst(em: EntityManager, filter: AuditTrailFilter, take: number): Promise<AuditEvent[]> {
    const qb = em.getRepository(AuditEvent).createQueryBuilder('e').orderBy('e.seq', 'DESC').take(take);
    if (filter.entityType) qb.andWhere('e.entityType = :t', { t: filter.entityType });
    if (filter.entityId) qb.andWhere('e.entityId = :i', { i: filter.entityId });
    if (filter.action) qb.andWhere('e.action = :a', { a: filter.action });
    if (filter.beforeSeq) qb.andWhere('e.seq < :before', { before: filter.beforeSeq });
    return qb.getMany();
  },
};
