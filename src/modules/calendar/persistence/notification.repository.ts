import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Notification } from './notification.entity';

/** The notification table: a user's in-app notifications, and the breach notices the SLA sweep writes. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, keyset-paged before (createdAt, id). */
  page(userId: string, options: { unreadOnly?: boolean; before?: [string, string]; limit: number }): Promise<Notification[]> {
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId })
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(options.limit);
    if (options.unreadOnly) qb.andWhere('n.readAt IS NULL');
    if (options.before) qb.andWhere('(n.createdAt, n.id) < (:t, :id)', { t: options.before[0], id: options.before[1] });
    return qb.getMany();
  }

  /** Marks one of the user's notifications read; null when it is not theirs. */
  async markRead(userId: string, id: string, at: Date): Promise<Notification | null> {
    await this.dataSource.getRepository(Notification).update({ id, userId }, { readAt: at });
    return this.dataSource.getRepository(Notification).findOneBy({ id, userId });
  }

  /** Inserts the notification unless the user has an unread one of the same kind about the same contact; whether it did. */
  async insertUnlessUnread(em: EntityManager, n: { userId: string; kind: string; contactId: string; message: string }): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO notification (user_id, kind, contact_id, message)
       SELECT $1, $2, $3, $4
        WHERE NOT EXISTS (SELECT 1 FROM notification WHERE user_id = $1 AND kind = $2 AND contact_id = $3 AND read_at IS NULL)
       RETURNING id`,
      [n.userId, n.kind, n.contactId, n.message],
    );
    return rows.length > 0;
  }

  /** Active MASH managers: every breach notice goes to them. */
  async activeManagerIds(em: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(`SELECT id FROM app_user WHERE role = 'mash_manager' AND active`);
    return rows.map((r) => r.id);
  }

  /**
   * One breach notice per user and clock, whatever runs twice (unique index per user, kind and clock).
   * The notices travel as four arrays: a sweep batch times every manager can be more rows than a
   * statement may have parameters (65,535).
   */
  async insertBreachNotices(em: EntityManager, notices: { userId: string; clockId: string; contactId: string | null; message: string }[]): Promise<void> {
    if (notices.length === 0) return;
    await em.query(
      `INSERT INTO notification (user_id, kind, clock_id, contact_id, message)
       SELECT n.user_id, 'sla_breach', n.clock_id, n.contact_id, n.message
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) AS n(user_id, clock_id, contact_id, message)
       ON CONFLICT (user_id, kind, clock_id) WHERE clock_id IS NOT NULL DO NOTHING`,
      [notices.map((n) => n.userId), notices.map((n) => n.clockId), notices.map((n) => n.contactId), notices.map((n) => n.message)],
    );
  }
}
