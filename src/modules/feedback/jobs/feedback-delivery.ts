import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { UnitOfWork } from '../../../database/unit-of-work';
import { OutboxService } from '../../../queue/outbox.service';
import type { SmtpFailure } from '../../mail/domain/smtp-failure';
import { Mailer } from '../../mail/mailer.service';
import { afterFailure } from '../domain/retry-policy';
import { FeedbackService } from '../feedback.service';
import { FeedbackTemplates } from '../feedback-templates.service';
import { sendJob } from '../feedback-writer';
import { Feedback } from '../persistence/feedback.entity';

export type DeliveryOutcome = 'sent' | 'retry_scheduled' | 'failed' | 'unconfirmed' | 'skipped' | 'missing';

/** Another worker holds this message right now; the job is retried later by BullMQ (same job id). */
export class FeedbackBusyError extends Error {}

export const UNCONFIRMED_NOTE =
  'Not confirmed: the worker stopped while handing this message to the mail server, so it may or may not have been sent. ' +
  'It is not sent again automatically (never twice). Look for its Message-ID in the mail server log; resend only if it is not there.';

/**
 * Sends one feedback message, at most once per attempt, never twice (SPEC FB-4, REL-3).
 *
 * Protocol ("mark, then send, then reconcile"):
 * 1. Take a transaction-scoped advisory lock on the feedback id, held for the whole attempt on its
 *    own connection. If a worker dies, Postgres drops its connection and the lock with it, so
 *    holding the lock proves no live worker is inside steps 2-4 for this row.
 * 2. Commit `status = sending, attempts = n` (the crash marker) before talking to the server.
 * 3. Hand the message to SMTP with its stable Message-ID.
 * 4. Record the answer: `sent` (+ the server's reply), or `pending` with the next attempt queued
 *    through the outbox after the configured backoff, or `failed` (5xx, or the round is used up).
 * A later attempt that finds `sending` under the lock knows a worker died between 2 and 4: the
 * server may have accepted the message. It is then never resent automatically: the row becomes
 * `failed` with UNCONFIRMED_NOTE, which surfaces on the dashboard for a person to check the mail
 * log by Message-ID (a resend reuses that Message-ID, so a client that got both shows one).
 * Each job carries the attempt number it is for; a job for an attempt already made is a no-op.
 */
@Injectable()
export class FeedbackDelivery {
  private readonly logger = new Logger(FeedbackDelivery.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly mailer: Mailer,
    private readonly templates: FeedbackTemplates,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly feedback: FeedbackService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async deliver(feedbackId: string, attempt: number): Promise<DeliveryOutcome> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.startTransaction();
      const [{ locked }] = await lock.query(`SELECT pg_try_advisory_xact_lock(hashtext('mash.feedback.delivery'), hashtext($1)) AS locked`, [feedbackId]);
      if (!locked) throw new FeedbackBusyError(`feedback ${feedbackId} is being delivered by another worker`);
      return await this.attempt(feedbackId, attempt);
    } finally {
      await lock.rollbackTransaction().catch(() => undefined);
      await lock.release();
    }
  }

  private async attempt(feedbackId: string, attempt: number): Promise<DeliveryOutcome> {
    const row = await this.dataSource.getRepository(Feedback).findOne({ where: { id: feedbackId } });
    if (!row) return 'missing';
    if (row.status === 'sending') return this.reconcileInterrupted(row);
    if (row.status !== 'pending' || row.attempts >= attempt) return 'skipped';
    const n = row.attempts + 1;
    if (!row.recipientEmail) return this.fail(row, row.attempts, 'No recipient address.', 'permanent', 'pending');

    const marked = await this.dataSource
      .createQueryBuilder()
      .update(Feedback)
      .set({ status: 'sending', attempts: n, lastAttemptAt: this.now() })
      .where('id = :id AND status = :status AND attempts = :previous', { id: row.id, status: 'pending', previous: row.attempts })
      .execute();
    if (marked.affected !== 1) return 'skipped';

    const result = await this.mailer.send({
      to: row.recipientEmail,
      subject: row.emailSubject,
      text: row.bodyText,
      html: row.bodyHtml,
      messageId: row.messageId,
      fromName: this.templates.settings.team.name,
      headers: { 'X-MASH-Feedback-Id': row.id },
    });
    if (!result.ok) return this.recordFailure(row, n, result.failure);
    return this.recordSent(row, n, result.response);
  }

  private async recordSent(row: Feedback, n: number, response: string): Promise<DeliveryOutcome> {
    const sentAt = this.now();
    return this.uow.run(async (em) => {
      if (!(await this.transition(em, row.id, n, { status: 'sent', sentAt, serverResponse: response.slice(0, 1000), lastError: null, nextAttemptAt: null }))) return 'skipped';
      await this.audit.record(em, SYSTEM_ACTOR, { action: 'feedback.sent', entityType: 'feedback', entityId: row.id, summary: { contactId: row.contactId, decisionId: row.decisionId, attempt: n } });
      await this.feedback.onOutcomeFeedbackSent(em, row, sentAt);
      this.logger.log({ feedbackId: row.id, attempt: n }, 'feedback accepted by the SMTP server');
      return 'sent' as const;
    });
  }

  private async recordFailure(row: Feedback, n: number, failure: SmtpFailure): Promise<DeliveryOutcome> {
    const policy = this.templates.settings.delivery;
    const remaining = row.attemptLimit - n;
    const next = remaining <= 0 ? ({ action: 'fail' } as const) : afterFailure(policy, Math.max(1, policy.maxAttempts - remaining), failure.kind);
    // The server's words are stored for staff, never logged: they can contain the recipient's address.
    this.logger.warn({ feedbackId: row.id, attempt: n, responseCode: failure.responseCode, kind: failure.kind, next: next.action }, 'feedback not accepted by the SMTP server');
    if (next.action === 'fail') return this.fail(row, n, failure.detail, failure.kind, 'sending');
    const retryAt = new Date(this.now().getTime() + next.delayMs);
    return this.uow.run(async (em) => {
      if (!(await this.transition(em, row.id, n, { status: 'pending', lastError: failure.detail, nextAttemptAt: retryAt }))) return 'skipped';
      await this.outbox.add(em, sendJob(row.id, n + 1, retryAt));
      await this.audit.record(em, SYSTEM_ACTOR, { action: 'feedback.attempt_failed', entityType: 'feedback', entityId: row.id, summary: { attempt: n, responseCode: failure.responseCode, retryAt: retryAt.toISOString() } });
      return 'retry_scheduled' as const;
    });
  }

  private async fail(row: Feedback, n: number, detail: string, kind: SmtpFailure['kind'], from: 'pending' | 'sending'): Promise<DeliveryOutcome> {
    return this.uow.run(async (em) => {
      if (!(await this.transition(em, row.id, n, { status: 'failed', lastError: detail, nextAttemptAt: null }, from))) return 'skipped';
      await this.audit.record(em, SYSTEM_ACTOR, { action: 'feedback.failed', entityType: 'feedback', entityId: row.id, summary: { attempts: n, kind } });
      return 'failed' as const;
    });
  }

  private async reconcileInterrupted(row: Feedback): Promise<DeliveryOutcome> {
    this.logger.warn({ feedbackId: row.id, attempt: row.attempts }, 'feedback attempt was interrupted after the send began: not resent, marked for a person to check');
    return this.uow.run(async (em) => {
      if (!(await this.transition(em, row.id, row.attempts, { status: 'failed', lastError: UNCONFIRMED_NOTE, nextAttemptAt: null }))) return 'skipped';
      await this.audit.record(em, SYSTEM_ACTOR, { action: 'feedback.unconfirmed', entityType: 'feedback', entityId: row.id, summary: { attempt: row.attempts } });
      return 'unconfirmed' as const;
    });
  }

  /** Compare-and-set on (status, attempts): a transition happens once, whatever runs twice. */
  private async transition(em: EntityManager, id: string, attempts: number, values: Partial<Feedback>, from: Feedback['status'] = 'sending'): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(Feedback)
      .set(values)
      .where('id = :id AND status = :from AND attempts = :attempts', { id, from, attempts })
      .execute();
    return result.affected === 1;
  }
}
