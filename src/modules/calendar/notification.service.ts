import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page } from '../../common/pagination';
import { Notification } from './persistence/notification.entity';
import { NotificationRepository } from './persistence/notification.repository';

export interface NotificationView {
  id: string;
  kind: string;
  message: string;
  contactId: string | null;
  clockId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** The caller's own in-app notifications. */
@Injectable()
export class NotificationService {
  constructor(private readonly notifications: NotificationRepository) {}

  async listFor(userId: string, options: { unreadOnly?: boolean; limit?: number; cursor?: string }): Promise<Page<NotificationView>> {
    const limit = options.limit ?? 50;
    const after = decodeTimeIdCursor(options.cursor);
    const rows = await this.notifications.page(userId, { unreadOnly: options.unreadOnly, before: after, limit: limit + 1 });
    const items = rows.slice(0, limit).map(toView);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, nextCursor: last ? encodeTimeIdCursor(last.createdAt, last.id) : null };
  }

  /**
   * Tells a user something about a contact, in the caller's transaction. One unread notice of a kind
   * per contact is enough: while the user has not read it, another is not added (so a job run twice
   * notifies once). Messages carry references and kinds, never names or narrative.
   */
  notifyOnce(em: EntityManager, n: { userId: string; kind: string; contactId: string; message: string }): Promise<boolean> {
    return this.notifications.insertUnlessUnread(em, n);
  }

  /** Marks one of the caller's notifications read; false when it is not theirs (a 404 for the caller). */
  async markRead(userId: string, id: string, at: Date): Promise<NotificationView | undefined> {
    const row = await this.notifications.markRead(userId, id, at);
    return row ? toView(row) : undefined;
  }
}

function toView(n: Notification): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    message: n.message,
    contactId: n.contactId,
    clockId: n.clockId,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}
