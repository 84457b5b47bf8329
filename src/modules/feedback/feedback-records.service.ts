import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Actor, isMashStaff } from '../../auth/actor';
import { InvalidInputException, RuleViolationException } from '../../common/errors';
import { isUuid } from '../../common/uuid';
import { decodeCursor, encodeCursor, Page, PageQueryDto } from '../../common/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import { contactParts } from '../contacts/contact-records';
import { OutboundMail } from '../mail/outbound-mail.service';
import { FeedbackViewDto, ReferrerFeedbackViewDto, referrerView, staffView } from './dto/feedback-view.dto';
import { ResendFeedbackDto } from './dto/resend-feedback.dto';
import { FeedbackTemplates } from './feedback-templates.service';
import { FeedbackService } from './feedback.service';
import { FeedbackRepository } from './persistence/feedback.repository';

function requireUuid(value: string, field: string): void {
  if (!isUuid(value)) throw new InvalidInputException([{ field, rule: 'isUuid', message: `${field} must be a UUID` }]);
}

/** The HTTP use cases of feedback: the list on a contact, and a staff resend (API.md "Feedback"). */
@Injectable()
export class FeedbackRecords {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly mail: OutboundMail,
    private readonly records: FeedbackService,
    private readonly templates: FeedbackTemplates,
  ) {}

  /**
   * MASH staff see every message on the contact; the referrer who made the contact sees the
   * messages addressed to them only (never what other agencies were told); anyone else gets 404.
   */
  async listForContact(actor: Actor, contactId: string, query: PageQueryDto): Promise<Page<FeedbackViewDto | ReferrerFeedbackViewDto>> {
    requireUuid(contactId, 'id');
    const staff = isMashStaff(actor);
    const contact = await this.uow.read((em) => contactParts.contact(em, contactId, { id: true, submittedByUserId: true }));
    if (!contact || (!staff && (!actor.userId || contact.submittedByUserId !== actor.userId))) throw new NotFoundException('Contact not found');
    // The cursor is the last row's id; its position is read back from the table, so timestamps keep
    // Postgres's microseconds (rows written in one transaction share created_at).
    const after = decodeCursor<{ after: string }>(query.cursor);
    if (query.cursor && (!after || typeof after.after !== 'string' || !isUuid(after.after))) {
      throw new InvalidInputException([{ field: 'cursor', rule: 'validCursor', message: 'cursor is not one this API returned' }]);
    }
    const limit = query.limit ?? 50;
    const rows = await this.uow.read((em) =>
      this.records.records(em, () => this.feedback.pageForContact(em, contactId, { audiences: staff ? undefined : ['professional', 'public'], after: after?.after, limit: limit + 1 })),
    );
    await this.audit.recordRead(actor, 'contact', contactId, { view: 'feedback' });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(staff ? staffView : referrerView),
      nextCursor: rows.length > limit && last ? encodeCursor({ after: last.id }) : null,
    };
  }

  /**
   * Retries a failed message (FB-4): a new round of attempts with the same content and Message-ID,
   * optionally to a corrected address. Only `failed` can be resent: anything else is either on its
   * way, already sent, or not meant to be sent (409).
   */
  async resend(actor: Actor, feedbackId: string, dto: ResendFeedbackDto): Promise<FeedbackViewDto> {
    requireUuid(feedbackId, 'id');
    return this.uow.run(async (em) => {
      const row = await this.feedback.lock(em, feedbackId);
      if (!row) throw new NotFoundException('Feedback not found');
      const [before] = await this.records.records(em, async () => [row]);
      if (before.status !== 'failed' || !before.outboundMessageId) throw new ConflictException(`Only failed feedback can be resent; this one is ${before.status}`);
      const recipientEmail = dto.recipientEmail?.trim().toLowerCase() ?? before.recipientEmail;
      if (!recipientEmail) {
        throw new RuleViolationException('This message has no recipient address: give one in recipientEmail', [
          { field: 'recipientEmail', rule: 'FB-4.recipient-required', message: 'An e-mail address is needed to resend this message' },
        ]);
      }
      const resent = await this.mail.resend(em, before.outboundMessageId, { recipientEmail, policy: this.templates.settings.delivery });
      if (!resent) throw new ConflictException('Only failed feedback can be resent; this one has changed meanwhile');
      await this.feedback.countResend(em, row.id);
      await this.audit.record(em, actor, {
        action: 'feedback.resend',
        entityType: 'feedback',
        entityId: row.id,
        summary: { contactId: row.contactId, attempt: resent.attempt, recipientChanged: recipientEmail !== before.recipientEmail },
      });
      const [after] = await this.records.records(em, async () => [(await this.feedback.find(em, row.id))!]);
      return staffView(after);
    });
  }
}
