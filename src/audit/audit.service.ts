import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditEntry, auditEventRow } from './audit-row';
import { auditEvents } from './persistence/audit-event.repository';

export type { AuditEntry } from './audit-row';

/**
 * Writes audit events (SPEC MGT-4). Changes are recorded through `record(em, ...)` inside the
 * business transaction, so the event and the change commit together. Appends never wait on a
 * chain lock: the worker's sealer chains them afterwards. Any number of events is one prepared
 * statement.
 */
@Injectable()
export class AuditService {
  constructor(private readonly uow: UnitOfWork) {}

  async record(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
    await this.recordMany(em, actor, [entry]);
  }

  async recordMany(em: EntityManager, actor: Actor, entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const at = new Date();
    await auditEvents.append(em, entries.map((e) => auditEventRow(actor, e, at)));
  }

  /** One line to audit a read of a child's record (or any case record). */
  async recordRead(actor: Actor, entityType: string, entityId: string, summary: Record<string, unknown> = {}): Promise<void> {
    await this.uow.read((em) => this.record(em, actor, { action: `${entityType}.read`, entityType, entityId, summary }));
  }

  /** Reads of many records at once (a search's results, a list): one event each, one statement. */
  async recordReads(actor: Actor, entityType: string, entityIds: string[], summary: Record<string, unknown> = {}): Promise<void> {
    await this.uow.read((em) => this.recordMany(em, actor, entityIds.map((entityId) => ({ action: `${entityType}.read`, entityType, entityId, summary }))));
  }
}
