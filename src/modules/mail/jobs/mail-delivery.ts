import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { UnitOfWork } from '../../../database/unit-of-work';
import { UNCONFIRMED_NOTE } from '../domain/outbound-message-vocabulary';
import { Mailer } from '../mailer.service';
import { OutboundMessage } from '../persistence/outbound-message.entity';
import { OutboundMessageRepository } from '../persistence/outbound-message.repository';

export type MailDeliveryOutcome = 'sent' | 'failed' | 'unconfirmed' | 'skipped' | 'missing';

/** Another worker holds the message, or the server refused it for now: BullMQ retries the job (same id) with its backoff. */
export class MailRetryLater extends Error {}

/**
 * Sends one outbound_message at most once, across crashes (SPEC REL-3): "mark, then send, then
 * reconcile".
 * 1. Hold a transaction-scoped advisory lock on the message for the whole attempt, on its own
 *    connection: if the worker dies, Postgres drops the connection and the lock with it.
 * 2. Commit `status = sending` (the crash marker) before talking to the SMTP server.
 * 3. Hand the message over with its stable Message-ID.
 * 4. Record the answer: `sent`; or back to `pending` and a BullMQ retry for a transient refusal;
 *    or `failed` (5xx, or the job's last attempt).
 * An attempt that finds `sending` under the lock knows a worker died between 2 and 4, so the
 * server may have the message: it is never resent automatically but marked `failed` with
 * UNCONFIRMED_NOTE, for a person to check the mail server's log by Message-ID.
 */
@Injectable()
export class MailDelivery {
  private readonly logger = new Logger(MailDelivery.name);

  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly uow: UnitOfWork,
    private readonly mailer: Mailer,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async deliver(id: string, lastAttempt: boolean): Promise<MailDeliveryOutcome> {
    const outcome = await this.messages.withDeliveryLock(id, () => this.attempt(id, lastAttempt));
    if (outcome === null) throw new MailRetryLater(`message ${id} is being delivered by another worker`);
    return outcome;
  }

  private async attempt(id: string, lastAttempt: boolean): Promise<MailDeliveryOutcome> {
    const row = await this.messages.findById(id);
    if (!row) return 'missing';
    if (row.status === 'sending') return this.reconcileInterrupted(row);
    if (row.status !== 'pending' || !row.recipientEmail) return 'skipped';
    const sending = { status: 'sending' as const, attempts: row.attempts + 1 };
    if (!(await this.messages.move(row.id, row, { ...sending, lastAttemptAt: this.now() }))) return 'skipped';

    const result = await this.mailer.send({
      to: row.recipientEmail,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml,
      messageId: row.messageId,
      ...(row.fromName ? { fromName: row.fromName } : {}),
      headers: row.headers,
    });
    if (result.ok) {
      await this.finish(row, sending, { status: 'sent', sentAt: this.now(), serverResponse: result.response.slice(0, 1000), lastError: null }, 'sent');
      return 'sent';
    }
    // The server's words are stored for staff, never logged: they can hold the recipient's address.
    this.logger.warn({ outboundMessageId: row.id, purpose: row.purpose, kind: result.failure.kind, responseCode: result.failure.responseCode }, 'e-mail not accepted by the SMTP server');
    if (result.failure.kind === 'permanent' || lastAttempt) {
      await this.finish(row, sending, { status: 'failed', lastError: result.failure.detail }, 'failed');
      return 'failed';
    }
    await this.finish(row, sending, { status: 'pending', lastError: result.failure.detail }, null);
    throw new MailRetryLater('transient SMTP failure; retried by BullMQ');
  }

  private async reconcileInterrupted(row: OutboundMessage): Promise<MailDeliveryOutcome> {
    this.logger.warn({ outboundMessageId: row.id, purpose: row.purpose, attempt: row.attempts }, 'e-mail attempt was interrupted after the send began: not resent, marked for a person to check');
    await this.finish(row, row, { status: 'failed', lastError: UNCONFIRMED_NOTE }, 'unconfirmed');
    return 'unconfirmed';
  }

  /** Records the attempt's end; the audit event goes on the record the message is about (e.g. `strategy.message_sent` on the discussion). */
  private async finish(row: OutboundMessage, from: Pick<OutboundMessage, 'status' | 'attempts'>, values: Partial<OutboundMessage>, event: 'sent' | 'failed' | 'unconfirmed' | null): Promise<void> {
    await this.uow.run(async (em) => {
      const moved = await this.messages.move(row.id, from, values, em);
      if (moved && event) {
        const feature = row.purpose.split('.')[0];
        await this.audit.record(em, SYSTEM_ACTOR, {
          action: `${feature}.message_${event}`,
          entityType: row.aboutType,
          entityId: row.aboutId,
          summary: { messageId: row.id, purpose: row.purpose, audience: row.audience, recipientRef: row.recipientRef, attempt: from.attempts },
        });
      }
    });
  }
}
