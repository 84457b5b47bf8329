import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { insertRows } from '../database/insert-rows';
import { preparedQuery } from '../database/prepared-query';
import { AUDIT_COLUMNS, AuditEntry, auditEventRow } from './audit-row';

export type { AuditEntry } from './audit-row';

const APPEND = insertRows('audit_event', AUDIT_COLUMNS, 'events');

/**
 * Writes audit events (SPEC MGT-4). Changes are recorded through `record(em, ...)` inside the
 * business transaction, so the event and the change commit together. Appends never wait on a
 * chain lock: the worker's sealer chains them afterwards. Any number of events is one prepared
 * statement.
 */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
    await this.recordMany(em, actor, [entry]);
  }

  async recordMany(em: EntityManager, actor: Actor, entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const at = new Date();
    await preparedQuery(em, APPEND, [JSON.stringify({ events: entries.map((e) => auditEventRow(actor, e, at)) })]);
  }

  /** One line to audit a read of a child's record (or any case record). */
  async recordRead(actor: Actor, entityType: string, entityId: string, summary: Record<string, unknown> = {}): Promise<void> {
    await this.record(this.dataSource.manager, actor, { action: `${entityType}.read`, entityType, entityId, summary });
  }
}
