import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { auditEventRow } from '../../../audit/audit-row';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { UnitOfWork } from '../../../database/unit-of-work';
import { OutboxService } from '../../../queue/outbox.service';
import { UNCONFIRMED_NOTE } from '../domain/outbound-message-vocabulary';
import { afterFailure } from '../domain/retry-policy';
import { MailDeliveryListeners } from '../mail-delivery-listeners';
import { Mailer } from '../mailer.service';
import { OutboundMessage } from '../persistence/outbound-message.entity';
import { AttemptEnd, OutboundMessageRepository } from '../persistence/outbound-message.repository';
import { sendJob } from './mail-jobs';

export type MailDeliveryOutcome = 'sent' | 'retry_scheduled' | 'failed' | 'unconfirmed' | 'skipped' | 'missing';

/** Another worker holds the message right now: BullMQ retries the job (same id) with its backoff; a batch queues the message as a job of its own. */
export class MailRetryLater extends Error {}

type Event = 'sent' | 'attempt_failed' | 'failed' | 'unconfirmed';

/**
 * Sends one outbound_message at most once, across crashes (SPEC REL-3, FB-4): "mark, then send,
 * then reconcile".
 * 1. Take an advisory lock on the message for the whole attempt, on a connection of its own that
 *    carries every statement of the attempt: if the worker dies, Postgres drops the connection and
 *    the lock with it.
 * 2. In the same statement, read the message and commit `status = sending, attempts = n` (the
 *    crash marker), before talking to the SMTP server.
 * 3. Hand the message over with its stable Message-ID.
 * 4. Record the answer with its audit event, one statement: `sent` (and the owning feature's
 *    listener, in the same transaction); or back to `pending` with the next attempt queued through
 *    the outbox after the message's backoff; or `failed` (5xx, or the round is used up).
 * 5. Drop the lock: in the record's own statement when it commits on its own (`sent` or `failed`
 *    with no listener), once the move holds the row; otherwise after the record's transaction.
 * An attempt that finds `sending` under the lock knows a worker died between 2 and 4, so the
 * server may have the message: it is never resent automatically but marked `failed` with
 * UNCONFIRMED_NOTE, for a person to check the mail server's log by Message-ID. (Unless that move, a
 * compare-and-set, finds the message moved on: its read in 1-2 predated the record of the worker
 * that let the lock go, or another job settled it first. Then the attempt is skipped.)
 * Each job names the attempt it is for; a job for an attempt already made is a no-op.
 */
@Injectable()
export class MailDelivery {
  private readonly logger = new Logger(MailDelivery.name);

  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly uow: UnitOfWork,
    private readonly mailer: Mailer,
    private readonly outbox: OutboxService,
    private readonly listeners: MailDeliveryListeners,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** `attempt`: the attempt the job is for; null (jobs queued before attempts were numbered) means the next one. */
  async deliver(id: string, attempt: number | null): Promise<MailDeliveryOutcome> {
    const outcome = await this.messages.withDeliveryLock(id, attempt, this.now(), (em, found) => this.attempt(em, found));
    if (outcome === null) throw new MailRetryLater(`message ${id} is being delivered by another worker`);
    return outcome;
  }

  /** `em`: the connection holding the message's lock; every statement of the attempt runs on it. `found`: the message as the lock found it, and whether it was marked. */
  private async attempt(em: EntityManager, found: { row: OutboundMessage; marked: boolean } | null): Promise<MailDeliveryOutcome> {
    if (!found) return 'missing';
    const { row, marked } = found;
    if (!marked) return row.status === 'sending' ? this.reconcileInterrupted(em, row) : 'skipped';
    const sending = { status: 'sending' as const, attempts: row.attempts + 1 };
    const n = sending.attempts;

    const result = await this.mailer.send({
      to: row.recipientEmail!,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml,
      messageId: row.messageId,
      ...(row.fromName ? { fromName: row.fromName } : {}),
      headers: row.headers,
    });
    if (result.ok) {
      const sentAt = this.now();
      const end = { status: 'sent' as const, sentAt, serverResponse: result.response.slice(0, 1000), lastError: null, nextAttemptAt: null };
      await this.finish(em, row, sending, end, 'sent', this.listeners.listensFor(row.purpose) ? (tx) => this.listeners.sent(tx, { ...row, ...sending, ...end }, sentAt) : undefined);
      return 'sent';
    }
    const next = afterFailure({ maxAttempts: row.attemptLimit, backoffSeconds: row.backoffSeconds }, n, result.failure.kind);
    // The server's words are stored for staff, never logged: they can hold the recipient's address.
    this.logger.warn({ outboundMessageId: row.id, purpose: row.purpose, attempt: n, kind: result.failure.kind, responseCode: result.failure.responseCode, next: next.action }, 'e-mail not accepted by the SMTP server');
    if (next.action === 'fail') {
      await this.finish(em, row, sending, { status: 'failed', lastError: result.failure.detail, nextAttemptAt: null }, 'failed');
      return 'failed';
    }
    const retryAt = new Date(this.now().getTime() + next.delayMs);
    await this.finish(em, row, sending, { status: 'pending', lastError: result.failure.detail, nextAttemptAt: retryAt }, 'attempt_failed', (tx) => this.outbox.add(tx, sendJob(row.id, n + 1, retryAt)));
    return 'retry_scheduled';
  }

  /**
   * A message found `sending` under the lock: its worker died mid-attempt. Unless the move finds it
   * changed since it was read (the worker that held the lock recorded its attempt just before letting
   * go, after the lock's statement began, or another job settled it first): then nothing is done.
   */
  private async reconcileInterrupted(em: EntityManager, row: OutboundMessage): Promise<MailDeliveryOutcome> {
    if (!(await this.finish(em, row, row, { status: 'failed', lastError: UNCONFIRMED_NOTE, nextAttemptAt: null }, 'unconfirmed'))) return 'skipped';
    this.logger.warn({ outboundMessageId: row.id, purpose: row.purpose, attempt: row.attempts }, 'e-mail attempt was interrupted after the send began: not resent, marked for a person to check');
    return 'unconfirmed';
  }

  /**
   * Records the attempt's end and its audit event in one statement; the event goes on the record
   * the message is about (e.g. `strategy.message_sent` on the discussion). `then` (the owning
   * feature's listener, the next attempt's job) runs in the same transaction, and only when the
   * move happened; without it the statement commits on its own and drops the delivery lock too. Both
   * on `em`'s connection. False
   * when the message was no longer as `from` says (the move is a compare-and-set).
   */
  private async finish(em: EntityManager, row: OutboundMessage, from: Pick<OutboundMessage, 'status' | 'attempts'>, end: AttemptEnd, event: Event, then?: (em: EntityManager) => Promise<unknown>): Promise<boolean> {
    const feature = row.purpose.split('.')[0];
    const audit = auditEventRow(SYSTEM_ACTOR, {
      action: `${feature}.message_${event}`,
      entityType: row.aboutType,
      entityId: row.aboutId,
      summary: { messageId: row.id, purpose: row.purpose, audience: row.audience, recipientRef: row.recipientRef, attempt: from.attempts, ...(end.nextAttemptAt ? { retryAt: end.nextAttemptAt.toISOString() } : {}) },
    });
    if (!then) return this.messages.recordAttempt(em, row.id, from, end, audit, true);
    return this.uow.run(async (tx) => {
      const moved = await this.messages.recordAttempt(tx, row.id, from, end, audit);
      if (moved) await then(tx);
      return moved;
    }, em);
  }
}
