import { Injectable } from '@nestjs/common';
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
