import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Agency } from '../../../auth/persistence/agency.entity';
import { AppUser } from '../../../auth/persistence/app-user.entity';
import type { OutboundMessageStatus } from '../domain/outbound-message-vocabulary';
import { OutboundMessage } from './outbound-message.entity';

export type NewOutboundMessage = Pick<
  OutboundMessage,
  | 'purpose'
  | 'aboutType'
  | 'aboutId'
  | 'audience'
  | 'recipientRef'
  | 'dedupeKey'
  | 'recipientEmail'
  | 'recipientAgencyId'
  | 'recipientAccountId'
  | 'caseContentWithheld'
  | 'subject'
  | 'bodyText'
  | 'bodyHtml'
  | 'fromName'
  | 'headers'
  | 'messageId'
  | 'attemptLimit'
  | 'backoffSeconds'
  | 'nextAttemptAt'
  | 'lastError'
>;

/** The outbound_message table: queueing, the delivery protocol's compare-and-set moves, reads by owner. */
@Injectable()
export class OutboundMessageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts in the caller's transaction; a message whose dedupe key exists is left as it is. Returns the rows inserted. */
  async insertNew(em: EntityManager, rows: (NewOutboundMessage & { status: OutboundMessageStatus })[]): Promise<Pick<OutboundMessage, 'id' | 'status' | 'dedupeKey'>[]> {
    if (rows.length === 0) return [];
    const result = await em.createQueryBuilder().insert().into(OutboundMessage).values(rows).orIgnore().returning(['id', 'status', 'dedupe_key']).execute();
    return (result.raw as { id: string; status: OutboundMessageStatus; dedupe_key: string }[]).map(({ id, status, dedupe_key }) => ({ id, status, dedupeKey: dedupe_key }));
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<OutboundMessage | null> {
    return em.findOne(OutboundMessage, { where: { id } });
  }

  lock(em: EntityManager, id: string): Promise<OutboundMessage | null> {
    return em.findOne(OutboundMessage, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  byDedupeKeys(em: EntityManager, keys: string[]): Promise<OutboundMessage[]> {
    return keys.length ? em.find(OutboundMessage, { where: { dedupeKey: In(keys) } }) : Promise.resolve([]);
  }

  /** The messages about some records of one type, oldest first. */
  about(em: EntityManager, aboutType: string, aboutIds: string[]): Promise<OutboundMessage[]> {
    if (aboutIds.length === 0) return Promise.resolve([]);
    return em.find(OutboundMessage, { where: { aboutType, aboutId: In(aboutIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Failed messages, messages in retry, and the oldest failure, of the purposes starting with `purposePrefix`. */
  async deliveryFigures(em: EntityManager, purposePrefix: string): Promise<{ failed: number; retrying: number; oldestFailedAt: Date | null }> {
    const [row] = await em.query(
      `SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status IN ('pending', 'sending') AND attempts > 0)::int AS retrying,
              min(updated_at) FILTER (WHERE status = 'failed') AS "oldestFailedAt"
         FROM outbound_message WHERE status IN ('failed', 'pending', 'sending') AND starts_with(purpose, $1)`,
      [purposePrefix],
    );
    return { failed: row.failed, retrying: row.retrying, oldestFailedAt: row.oldestFailedAt ?? null };
  }

  /** The account's own address, or null (no such account, or deactivated). */
  async accountAddress(em: EntityManager, accountId: string): Promise<string | null> {
    const user = await em.findOne(AppUser, { where: { id: accountId } });
    return user && user.active !== false ? user.email : null;
  }

  agency(em: EntityManager, agencyId: string): Promise<Pick<Agency, 'email' | 'emailDomains'> | null> {
    return em.findOne(Agency, { where: { id: agencyId }, select: { email: true, emailDomains: true } });
  }

  /** Every domain some agency allow-lists for case content. */
  async allowListedDomains(em: EntityManager): Promise<string[]> {
    const rows: { domain: string }[] = await em.query('SELECT DISTINCT unnest(email_domains) AS domain FROM agency');
    return rows.map((r) => r.domain);
  }

  /**
   * Pending messages well past their due attempt and `sending` ones whose worker is long gone, locked
   * for the caller's transaction (SKIP LOCKED: sweeps in several workers share the work).
   */
  overdue(em: EntityManager, before: Date, limit: number): Promise<Pick<OutboundMessage, 'id' | 'status' | 'attempts' | 'nextAttemptAt' | 'lastAttemptAt'>[]> {
    return em
      .getRepository(OutboundMessage)
      .createQueryBuilder('m')
      .select(['m.id', 'm.status', 'm.attempts', 'm.nextAttemptAt', 'm.lastAttemptAt'])
      .where(`(m.status = 'pending' AND m.next_attempt_at < :before) OR (m.status = 'sending' AND m.last_attempt_at < :before)`, { before })
      .orderBy('m.next_attempt_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async touch(em: EntityManager, id: string, values: Pick<Partial<OutboundMessage>, 'nextAttemptAt' | 'lastAttemptAt'>): Promise<void> {
    await em.update(OutboundMessage, { id }, values);
  }

  /** Changes a failed message for a new round of attempts; false when it is no longer failed. */
  async reopen(em: EntityManager, id: string, values: Pick<OutboundMessage, 'recipientEmail' | 'attemptLimit' | 'nextAttemptAt'>): Promise<boolean> {
    const result = await em.update(OutboundMessage, { id, status: 'failed' }, { ...values, status: 'pending', lastError: null });
    return result.affected === 1;
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
