import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import { Actor, isMashStaff } from '../../../auth/actor';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page } from '../../../common/pagination';
import { Contact } from '../persistence/contact.entity';
import { ContactConcern } from '../persistence/contact-concern.entity';
import { ContactEvidence } from '../persistence/contact-evidence.entity';
import { ContactHouseholdMember } from '../persistence/contact-household-member.entity';
import { ContactInformation } from '../persistence/contact-information.entity';
import { ContactReferrer } from '../persistence/contact-referrer.entity';
import { ContactSubject } from '../persistence/contact-subject.entity';
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
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly feedback: ReferrerFeedback,
  ) {}

  async get(actor: Actor, id: string) {
    const record = isUuid(id) ? await this.load(id) : null;
    const staff = isMashStaff(actor);
    if (!record || (!staff && record.contact.submittedByUserId !== actor.userId)) throw new NotFoundException('No contact with this id');
    await this.audit.recordRead(actor, 'contact', id, { view: staff ? 'full' : 'referrer' });
    return staff ? fullView(record) : referrerView(record, actor.userId!);
  }

  /** Own contacts, newest first, keyset-paginated on (receivedAt, id). */
  async mine(actor: Actor, limit = 50, cursor?: string): Promise<Page<MyContactItem>> {
    const after = decodeTimeIdCursor(cursor);
    const params: unknown[] = [actor.userId, limit + 1];
    const where = after ? (params.push(after[0], after[1]), 'AND (c.received_at, c.id) < ($3::timestamptz, $4::uuid)') : '';
    const rows = await this.dataSource.query(
      `SELECT c.id, c.reference, c.channel, c.status, c.received_at, c.updated_at,
              (SELECT count(*)::int FROM contact_subject s WHERE s.contact_id = c.id) AS subject_count,
              (SELECT count(*)::int FROM contact_concern k WHERE k.contact_id = c.id) AS concern_count
         FROM contact c WHERE c.submitted_by_user_id = $1 ${where}
        ORDER BY c.received_at DESC, c.id DESC LIMIT $2`,
      params,
    );
    const items: MyContactItem[] = rows.slice(0, limit).map((r: Record<string, never>) => ({
      id: r.id, reference: r.reference, channel: r.channel, status: r.status, receivedAt: (r.received_at as Date).toISOString(),
      updatedAt: (r.updated_at as Date).toISOString(), subjectCount: r.subject_count, concernCount: r.concern_count, feedback: [],
    }));
    const feedback = await this.feedback.referrerFeedback(items.map((i) => i.id));
    for (const item of items) item.feedback = feedback.get(item.id) ?? [];
    // The list carries the messages sent about each child (names, dates of birth): a read of each contact.
    await this.audit.recordReads(actor, 'contact', items.map((i) => i.id), { view: 'my_referrals' });
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeTimeIdCursor(last.receivedAt, last.id) : null };
  }

  private async load(id: string): Promise<ContactRecord | null> {
    const m = this.dataSource.manager;
    const byContact = { where: { contactId: id } };
    const ordered = { ...byContact, order: { position: 'ASC' as const } };
    const [contact, referrer, subjects, household, concerns, evidence, information] = await Promise.all([
      m.findOne(Contact, { where: { id } }),
      m.findOne(ContactReferrer, byContact),
      m.find(ContactSubject, ordered),
      m.find(ContactHouseholdMember, ordered),
      m.find(ContactConcern, ordered),
      m.find(ContactEvidence, ordered),
      m.find(ContactInformation, { ...byContact, order: { addedAt: 'ASC' } }),
    ]);
    return contact ? { contact, referrer, subjects, household, concerns, evidence, information } : null;
  }
}
