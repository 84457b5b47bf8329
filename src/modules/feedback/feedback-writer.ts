import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { OutboundMail, QueuedMessage } from '../mail/outbound-mail.service';
import type { RenderedMessage } from './domain/compose';
import type { FeedbackAudience, FeedbackKind, FeedbackStatus } from './domain/feedback-vocabulary';
import { ABOUT_FEEDBACK, FEEDBACK_PURPOSES, FeedbackRecord, feedbackRecord, feedbackStatus } from './feedback-record';
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

/** A feedback row this call wrote, with its id and the status its e-mail starts in. */
export interface WrittenFeedback {
  id: string;
  row: NewFeedback;
  status: FeedbackStatus;
}

/**
 * Inserts feedback rows inside the caller's transaction, idempotently (a row whose dedupe key exists
 * is left as it is), with an audit event per new row, and queues each new row's e-mail on the
 * outbound-mail pipeline in the same transaction (FB-4: written with the decision). However many
 * rows, the writing is a fixed number of statements: the rows, their e-mails, their send jobs and
 * their audit events are one insert each.
 */
@Injectable()
export class FeedbackWriter {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly templates: FeedbackTemplates,
    private readonly mail: OutboundMail,
    private readonly audit: AuditService,
  ) {}

  /** Writes the rows and returns every row (new or already there) with its e-mail's delivery state. */
  async insert(em: EntityManager, actor: Actor, rows: NewFeedback[]): Promise<{ feedback: FeedbackRecord; created: boolean }[]> {
    const written = await this.write(em, actor, rows);
    const stored = new Map((await this.feedback.byDedupeKeys(em, rows.map((r) => r.dedupeKey))).map((f) => [f.dedupeKey, f]));
    const messages = new Map((await this.mail.about(em, ABOUT_FEEDBACK, [...stored.values()].map((f) => f.id))).map((m) => [m.aboutId, m]));
    return rows.map((row) => {
      const feedback = stored.get(row.dedupeKey)!;
      return { feedback: feedbackRecord(feedback, messages.get(feedback.id)), created: written.get(row.dedupeKey)?.id === feedback.id };
    });
  }

  /** Writes the rows whose dedupe keys are new and returns those, by dedupe key; reads nothing back. */
  async write(em: EntityManager, actor: Actor, rows: NewFeedback[]): Promise<Map<string, WrittenFeedback>> {
    const version = this.templates.settings.version;
    const ids = await this.feedback.insertNew(
      em,
      rows.map((row) => ({
        id: randomUUID(),
        contactId: row.contactId,
        subjectId: row.subjectId ?? null,
        decisionId: row.decisionId ?? null,
        kind: row.kind,
        audience: row.audience,
        recipientAgencyId: row.recipientAgencyId ?? null,
        dedupeKey: row.dedupeKey,
        templateVersion: version,
        emailSubject: row.message.subject,
        bodyText: row.message.text,
        bodyHtml: row.message.html,
      })),
    );
    const fresh = new Map<string, { id: string; row: NewFeedback }>();
    for (const row of rows) {
      const id = ids.get(row.dedupeKey);
      if (id && !fresh.has(row.dedupeKey)) fresh.set(row.dedupeKey, { id, row });
    }
    const queued = await this.mail.queueMany(em, [...fresh.values()].map(({ id, row }) => this.message(id, row)));
    const written = new Map<string, WrittenFeedback>();
    for (const [key, { id, row }] of fresh) written.set(key, { id, row, status: feedbackStatus(queued.inserted.get(messageKey(id))?.status) });
    await this.audit.recordMany(
      em,
      actor,
      [...written.values()].map(({ id, row, status }) => ({
        action: 'feedback.created',
        entityType: 'feedback',
        entityId: id,
        summary: { contactId: row.contactId, decisionId: row.decisionId ?? null, audience: row.audience, kind: row.kind, status, recipientAgencyId: row.recipientAgencyId ?? null },
      })),
    );
    return written;
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
