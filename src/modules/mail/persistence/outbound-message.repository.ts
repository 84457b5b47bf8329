import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboundMessageStatus } from '../domain/outbound-message-vocabulary';
import { OutboundMessage } from './outbound-message.entity';

export type NewOutboundMessage = Pick<
  OutboundMessage,
  'purpose' | 'aboutType' | 'aboutId' | 'audience' | 'recipientRef' | 'dedupeKey' | 'recipientEmail' | 'recipientAgencyId' | 'subject' | 'bodyText' | 'bodyHtml' | 'fromName' | 'headers' | 'messageId'
>;

/** The outbound_message table: queueing, the delivery protocol's compare-and-set moves, reads by owner. */
@Injectable()
export class OutboundMessageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts in the caller's transaction; a message whose dedupe key exists is left as it is. Returns the rows inserted. */
  async insertNew(em: EntityManager, rows: (NewOutboundMessage & { status: OutboundMessageStatus })[]): Promise<Pick<OutboundMessage, 'id' | 'status'>[]> {
    if (rows.length === 0) return [];
    const result = await em.createQueryBuilder().insert().into(OutboundMessage).values(rows).orIgnore().returning(['id', 'status']).execute();
    return (result.raw as { id: string; status: OutboundMessageStatus }[]).map(({ id, status }) => ({ id, status }));
  }

  findById(id: string): Promise<OutboundMessage | null> {
    return this.dataSource.getRepository(OutboundMessage).findOne({ where: { id } });
  }

  /** The messages about one record, oldest first. */
  about(em: EntityManager, aboutType: string, aboutId: string): Promise<OutboundMessage[]> {
    return em.find(OutboundMessage, { where: { aboutType, aboutId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Runs `work` while this connection holds a transaction-scoped advisory lock on the message, or
   * returns null at once when another worker holds it. Postgres drops the lock with a dead worker's
   * connection, so holding it proves no live worker is mid-attempt on this message.
   */
  async withDeliveryLock<T>(id: string, work: () => Promise<T>): Promise<T | null> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.startTransaction();
      const [{ locked }] = await lock.query(`SELECT pg_try_advisory_xact_lock(hashtext('mash.mail.delivery'), hashtext($1)) AS locked`, [id]);
      if (!locked) return null;
      return await work();
    } finally {
      await lock.rollbackTransaction().catch(() => undefined);
      await lock.release();
    }
  }

  /**
   * Compare-and-set on (status, attempts): each move happens once, whatever runs twice. Without `em`
   * it commits on its own (the `sending` mark must be committed before the SMTP conversation).
   */
  async move(id: string, from: { status: OutboundMessageStatus; attempts: number }, values: Partial<OutboundMessage>, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(OutboundMessage)
      .set(values)
      .where('id = :id AND status = :status AND attempts = :attempts', { id, status: from.status, attempts: from.attempts })
      .execute();
    return result.affected === 1;
  }
}
