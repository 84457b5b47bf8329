import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../../audit/audit.service';
import { Actor, isMashStaff } from '../../../auth/actor';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page } from '../../../common/pagination';
import { ContactReadRepository } from '../persistence/contact-read.repository';
import { ReferrerFeedback, ReferrerFeedbackItem } from '../referrer-feedback';
import { ContactRecord, fullView, referrerView } from './contact-views';
import { isUuid } from '../../../common/uuid';



export interface MyContactItem {
  id: string;
  reference: string;
  channel: string;
  status: string;
  receivedAt: string;
  updatedAt: string;
  subjectCount: number;
  concernCount: number;
  /** Acknowledgement and outcome messages addressed to the referrer (SPEC FB-1, FB-4). */
  feedback: ReferrerFeedbackItem[];
}

/**
 * Reads of contacts (SPEC SEC-2, MGT-4): MASH staff see every contact in full; the account that made
 * a contact sees its own submission; anyone else gets the same 404 as for an id that does not exist.
 * Every read of a contact is an audit event.
 */
@Injectable()
export class ContactReaderService {
  constructor(
    private readonly rows: ContactReadRepository,
    private readonly audit: AuditService,
    private readonly feedback: ReferrerFeedback,
  ) {}

  async get(actor: Actor, id: string) {
    const record: ContactRecord | null = isUuid(id) ? await this.rows.record(id) : null;
    const staff = isMashStaff(actor);
    if (!record || (!staff && record.contact.submittedByUserId !== actor.userId)) throw new NotFoundException('No contact with this id');
    await this.audit.recordRead(actor, 'contact', id, { view: staff ? 'full' : 'referrer' });
    return staff ? fullView(record) : referrerView(record, actor.userId!);
  }

  /** Own contacts, newest first, keyset-paginated on (receivedAt, id). */
  async mine(actor: Actor, limit = 50, cursor?: string): Promise<Page<MyContactItem>> {
    const rows = await this.rows.mine(actor.userId!, limit + 1, decodeTimeIdCursor(cursor));
    const items: MyContactItem[] = rows.slice(0, limit).map((r) => ({
      id: r.id, reference: r.reference, channel: r.channel, status: r.status, receivedAt: r.received_at.toISOString(),
      updatedAt: r.updated_at.toISOString(), subjectCount: r.subject_count, concernCount: r.concern_count, feedback: [],
    }));
    const feedback = await this.feedback.referrerFeedback(items.map((i) => i.id));
    for (const item of items) item.feedback = feedback.get(item.id) ?? [];
    // The list carries the messages sent about each child (names, dates of birth): a read of each contact.
    await this.audit.recordReads(actor, 'contact', items.map((i) => i.id), { view: 'my_referrals' });
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeTimeIdCursor(last.receivedAt, last.id) : null };
  }
}
