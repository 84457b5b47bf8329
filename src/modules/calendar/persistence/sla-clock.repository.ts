import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import type { ClockDuration } from '../domain/clock-duration';
import type { ClockKind } from '../domain/sla-config';
import { SlaClock } from './sla-clock.entity';

/** Reads of SLA clocks for other features, in the caller's transaction. */
export const slaClocks = {
  /** Every clock about a contact, oldest first. */
  ofContact: (em: EntityManager, contactId: string) => em.find(SlaClock, { where: { contactId }, order: { startedAt: 'ASC', createdAt: 'ASC' } }),
};

export interface BreachedRow {
  id: string;
  kind: ClockKind;
  target_type: string;
  target_id: string;
  contact_id: string | null;
  holder_user_id: string | null;
  due_at: Date;
  reference: string | null;
}

type ClockWhere = Pick<SlaClock, 'kind' | 'targetType' | 'targetId'>;

/** The sla_clock table, in the caller's transaction. */
@Injectable()
export class SlaClockRepository {
  /** One statement: a clock of this kind already running for the target wins (unique partial index). Null when one was running. */
  async insertIfNoneRunning(
    em: EntityManager,
    c: ClockWhere & Pick<SlaClock, 'contactId' | 'holderUserId' | 'startedAt' | 'dueAt'> & { duration: ClockDuration | null },
  ): Promise<{ id: string; createdAt: Date } | null> {
    const [row]: { id: string; created_at: Date }[] = await em.query(
      `INSERT INTO sla_clock (kind, target_type, target_id, contact_id, holder_user_id, started_at, due_at, duration)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id, created_at`,
      [c.kind, c.targetType, c.targetId, c.contactId, c.holderUserId, c.startedAt, c.dueAt, c.duration ? JSON.stringify(c.duration) : null],
    );
    return row ? { id: row.id, createdAt: row.created_at } : null;
  }

  async update(em: EntityManager, id: string, values: Partial<Pick<SlaClock, 'metAt' | 'cancelledAt' | 'cancelReason' | 'dueAt' | 'duration'>>): Promise<void> {
    await em.update(SlaClock, { id }, values as never);
  }

  async setHolderForContact(em: EntityManager, contactId: string, holderUserId: string | null): Promise<void> {
    await em.update(SlaClock, { contactId, metAt: IsNull(), cancelledAt: IsNull() }, { holderUserId });
  }

  findRunning(em: EntityManager, ref: ClockWhere, lock = false): Promise<SlaClock | null> {
    return em.findOne(SlaClock, {
      where: { kind: ref.kind, targetType: ref.targetType, targetId: ref.targetId, metAt: IsNull(), cancelledAt: IsNull() },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  listForContact(em: EntityManager, contactId: string): Promise<SlaClock[]> {
    return slaClocks.ofContact(em, contactId);
  }

  /** Marks up to `batch` running clocks due by `now` as breached (SKIP LOCKED: sweeps share the work); returns them with the contact's reference. */
  async markBreached(em: EntityManager, now: Date, batch: number): Promise<BreachedRow[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, rowCount].
    const [rows]: [BreachedRow[], number] = await em.query(
      `WITH due AS (
         SELECT id FROM sla_clock
          WHERE breached_at IS NULL AND met_at IS NULL AND cancelled_at IS NULL AND due_at <= $1
          ORDER BY due_at LIMIT ${Math.trunc(batch)} FOR UPDATE SKIP LOCKED)
       UPDATE sla_clock c SET breached_at = $1, updated_at = now()
         FROM due WHERE c.id = due.id AND c.breached_at IS NULL
       RETURNING c.id, c.kind, c.target_type, c.target_id, c.contact_id, c.holder_user_id, c.due_at,
                 (SELECT reference FROM contact WHERE contact.id = c.contact_id) AS reference`,
      [now],
    );
    return rows;
  }
}
