import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { isUuid } from '../../../common/uuid';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { QUEUES } from '../../../queue/queue-names';
import { MAIL_SENDS_AT_ONCE } from '../mailer.service';
import { MailDelivery } from './mail-delivery';

/**
 * The `mail` queue. Job `send` {messageId, attempt}, job id `mail.<outbound_message id>.<attempt>`,
 * written through the outbox in the transaction that queued the message, by a failed attempt (the
 * next one, delayed by the backoff), by a resend, or by the sweep. Idempotent: the row's status and
 * attempt count decide.
 */
@Processor(QUEUES.mail, { concurrency: MAIL_SENDS_AT_ONCE })
export class MailProcessor extends CloseableWorkerHost {
  private readonly logger = new Logger(MailProcessor.name);

  constructor(private readonly delivery: MailDelivery) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== 'send') throw new UnrecoverableError(`unknown mail job "${job.name}"`);
    const id = job.data?.messageId;
    if (typeof id !== 'string' || !isUuid(id)) throw new UnrecoverableError('mail send job without a valid messageId');
    const attempt = Math.trunc(Number(job.data?.attempt));
    return this.delivery.deliver(id, attempt >= 1 ? attempt : null);
  }

  /** BullMQ gave up (infrastructure errors on every try): the row is still pending or sending, and the sweep picks it up. */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger[final ? 'error' : 'warn']({ jobId: job.id, attemptsMade: job.attemptsMade, err: error.message }, final ? 'mail job gave up; the sweep will re-queue it' : 'mail job failed; BullMQ retries it');
  }
}
