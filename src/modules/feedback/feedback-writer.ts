import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { OutboundMail, QueuedMessage } from '../mail/outbound-mail.service';
import type { RenderedMessage } from './domain/compose';
import type { FeedbackAudience, FeedbackKind } from './domain/feedback-vocabulary';
import { ABOUT_FEEDBACK, FEEDBACK_PURPOSES, FeedbackRecord, feedbackRecord } from './feedback-record';
import { FeedbackTemplates } from './feedback-templates.service';
import { FeedbackRepository } from './persistence/feedback.repository';

export interface NewFeedback {
  contactId: string;
  subjectId?: string | null;
  decisionId?: string | null;
  kind: FeedbackKind;
  audience: FeedbackAudience;
  recipientAgencyId?: string | null;
  /** The referrer's account when the address is that account's own (SPEC SEC-2: verified). */
  recipientAccountId?: string | null;
  recipientEmail: string | null;
  /** Not sent: why (no address, GP not matched, an address that looks wrong), for staff. */
  unsent?: { status: 'failed' | 'no_address'; note: string };
  /** Case content (an outcome with reasons): sent only to a verified address, else the sign-in notice naming this reference. */
  caseReference?: string;
  dedupeKey: string;
  message: RenderedMessage;
}

/**
 * Inserts feedback rows inside the caller's transaction, idempotently (a row whose dedupe key exists
 * is left as it is and returned), with an audit event per new row, and queues each new row's e-mail
 * on the outbound-mail pipeline in the same transaction (FB-4: written with the decision).
 */
@Injectable()
export class FeedbackWriter {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly templates: FeedbackTemplates,
    private readonly mail: OutboundMail,
    private readonly audit: AuditService,
  ) {}

  async insert(em: EntityManager, actor: Actor, rows: NewFeedback[]): Promise<{ feedback: FeedbackRecord; created: boolean }[]> {
    const written = [];
    const messages: QueuedMessage[] = [];
    for (const row of rows) {
      const { feedback, created } = await this.feedback.insertIfNew(em, {
        id: randomUUID(),
        contactId: row.contactId,
        subjectId: row.subjectId ?? null,
        decisionId: row.decisionId ?? null,
        kind: row.kind,
        audience: row.audience,
        recipientAgencyId: row.recipientAgencyId ?? null,
        dedupeKey: row.dedupeKey,
        templateVersion: this.templates.settings.version,
        emailSubject: row.message.subject,
        bodyText: row.message.text,
        bodyHtml: row.message.html,
      });
      written.push({ feedback, created });
      if (created) messages.push(this.message(feedback.id, row));
    }
    const queued = await this.mail.queue(em, messages);
    const existing = new Map((await this.mail.about(em, ABOUT_FEEDBACK, written.filter((w) => !w.created).map((w) => w.feedback.id))).map((m) => [m.aboutId, m]));
    const results = [];
    for (const { feedback, created } of written) {
      const record = feedbackRecord(feedback, created ? queued.rows.get(messageKey(feedback.id)) : existing.get(feedback.id));
      results.push({ feedback: record, created });
      if (!created) continue;
      await this.audit.record(em, actor, {
        action: 'feedback.created',
        entityType: 'feedback',
        entityId: feedback.id,
        summary: { contactId: feedback.contactId, decisionId: feedback.decisionId, audience: feedback.audience, kind: feedback.kind, status: record.status, recipientAgencyId: feedback.recipientAgencyId },
      });
    }
    return results;
  }

  private message(feedbackId: string, row: NewFeedback): QueuedMessage {
    return {
      purpose: FEEDBACK_PURPOSES[row.kind],
      aboutType: ABOUT_FEEDBACK,
      aboutId: feedbackId,
      audience: row.audience,
      dedupeKey: messageKey(feedbackId),
      recipientEmail: row.recipientEmail,
      recipientAccountId: row.recipientAccountId ?? null,
      recipientAgencyId: row.recipientAgencyId ?? null,
      ...(row.caseReference ? { caseReference: row.caseReference } : {}),
      ...(row.unsent ? { unsent: row.unsent } : {}),
      subject: row.message.subject,
      bodyText: row.message.text,
      bodyHtml: row.message.html,
      fromName: this.templates.settings.team.name,
      headers: { 'X-MASH-Feedback-Id': feedbackId },
      policy: this.templates.settings.delivery,
    };
  }
}

/** One e-mail per feedback row; also the Message-ID's local part (`<feedback.<id>@domain>`), the same for every attempt and resend. */
function messageKey(feedbackId: string): string {
  return `feedback.${feedbackId}`;
}
