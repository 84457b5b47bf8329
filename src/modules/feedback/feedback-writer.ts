import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { OutboxService } from '../../queue/outbox.service';
import { jobId, QUEUES } from '../../queue/queue-names';
import type { RenderedMessage } from './domain/compose';
import type { FeedbackAudience, FeedbackKind, FeedbackStatus } from './domain/feedback-vocabulary';
import { feedbackMessageId } from './domain/message-id';
import { FeedbackTemplates } from './feedback-templates.service';
import { Feedback } from './persistence/feedback.entity';

export interface NewFeedback {
  contactId: string;
  subjectId?: string | null;
  decisionId?: string | null;
  kind: FeedbackKind;
  audience: FeedbackAudience;
  recipientAgencyId?: string | null;
  recipientEmail: string | null;
  status: Extract<FeedbackStatus, 'pending' | 'failed' | 'not_possible_anonymous'>;
  /** Why it cannot be sent (no address, GP not matched), for staff; null when pending. */
  note?: string | null;
  dedupeKey: string;
  message: RenderedMessage;
}

/** The job that makes attempt `attempt` of a feedback message; one id per attempt, never reused. */
export function sendJob(feedbackId: string, attempt: number, availableAt?: Date) {
  return { queue: QUEUES.feedback, jobName: 'send', jobId: jobId('feedback', feedbackId, String(attempt)), payload: { feedbackId, attempt }, availableAt };
}

/**
 * Inserts feedback rows inside the caller's transaction, idempotently (a row whose dedupe key exists
 * is left as it is and returned), with an audit event per new row and, when asked, the outbox row
 * that sends it (FB-4: written in the same transaction as the decision).
 */
@Injectable()
export class FeedbackWriter {
  constructor(
    private readonly templates: FeedbackTemplates,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async insert(em: EntityManager, actor: Actor, rows: NewFeedback[], options: { queueSend: boolean }): Promise<{ feedback: Feedback; created: boolean }[]> {
    const results: { feedback: Feedback; created: boolean }[] = [];
    for (const row of rows) {
      const id = randomUUID();
      const now = this.now();
      const values = {
        id,
        contactId: row.contactId,
        subjectId: row.subjectId ?? null,
        decisionId: row.decisionId ?? null,
        kind: row.kind,
        audience: row.audience,
        recipientAgencyId: row.recipientAgencyId ?? null,
        recipientEmail: row.recipientEmail,
        status: row.status,
        dedupeKey: row.dedupeKey,
        templateVersion: this.templates.settings.version,
        emailSubject: row.message.subject,
        bodyText: row.message.text,
        bodyHtml: row.message.html,
        messageId: feedbackMessageId(id, this.config.mailFrom),
        attempts: 0,
        attemptLimit: this.templates.settings.delivery.maxAttempts,
        // The sweep re-queues a pending row whose job went missing, measured from this time.
        nextAttemptAt: row.status === 'pending' ? now : null,
        lastError: row.note ?? null,
      };
      const inserted = await em.createQueryBuilder().insert().into(Feedback).values(values as QueryDeepPartialEntity<Feedback>).orIgnore().returning('id').execute();
      const created = inserted.raw.length > 0;
      const feedback = await em.findOneOrFail(Feedback, { where: { dedupeKey: row.dedupeKey } });
      results.push({ feedback, created });
      if (!created) continue;
      await this.audit.record(em, actor, {
        action: 'feedback.created',
        entityType: 'feedback',
        entityId: feedback.id,
        summary: { contactId: feedback.contactId, decisionId: feedback.decisionId, audience: feedback.audience, kind: feedback.kind, status: feedback.status, recipientAgencyId: feedback.recipientAgencyId },
      });
      if (options.queueSend && feedback.status === 'pending') await this.outbox.add(em, sendJob(feedback.id, 1));
    }
    return results;
  }
}
