import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Actor } from '../auth/actor';
import { eventHash } from './domain/hash-chain';
import { AuditEvent } from './persistence/audit-event.entity';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  /** Field names, ids, statuses and codes only: never names, narrative or tokens. */
  summary?: Record<string, unknown>;
}

/**
 * Writes audit events (SPEC MGT-4). Changes are recorded through `record(em, ...)` inside the
 * business transaction, so the event and the change commit together. Appends never wait on a
 * chain lock: the worker's sealer chains them afterwards.
 */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
    await em.insert(AuditEvent, this.build(actor, entry) as QueryDeepPartialEntity<AuditEvent>);
  }

  async recordMany(em: EntityManager, actor: Actor, entries: AuditEntry[]): Promise<void> {
    if (entries.length) await em.insert(AuditEvent, entries.map((e) => this.build(actor, e) as QueryDeepPartialEntity<AuditEvent>));
  }

  /** One line to audit a read of a child's record (or any case record). */
  async recordRead(actor: Actor, entityType: string, entityId: string, summary: Record<string, unknown> = {}): Promise<void> {
    await this.record(this.dataSource.manager, actor, { action: `${entityType}.read`, entityType, entityId, summary });
  }

  private build(actor: Actor, entry: AuditEntry): AuditEvent {
    const event = {
      id: randomUUID(),
      // Millisecond precision, so the hash recomputed from the stored row matches.
      occurredAt: new Date(),
      actorUserId: actor.userId,
      actorRole: actor.role,
      actorAgencyId: actor.agencyId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      summary: entry.summary ?? {},
      requestId: actor.requestId,
      ip: actor.ip,
    };
    return Object.assign(new AuditEvent(), event, { contentHash: eventHash(event) });
  }
}
