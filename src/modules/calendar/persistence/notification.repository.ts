import type { EntityManager } from 'typeorm';

export const notificationRows = {
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
  },
};
