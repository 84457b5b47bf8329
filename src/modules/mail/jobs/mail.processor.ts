import { InjectQueue, OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { isUuid } from '../../../common/uuid';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { DEFAULT_JOB_OPTIONS, FIRST_RETRY_DELAY_MS, QUEUES } from '../../../queue/queue-names';
import { MAIL_SENDS_AT_ONCE } from '../mailer.service';
import { MailDelivery, MailDeliveryOutcome } from './mail-delivery';
import { SEND_JOB, SendJobData, sendJobId } from './mail-jobs';

/** A job's request, checked: the message and the attempt it is for (null: the next one). */
function request(data: unknown): { messageId: string; attempt: number | null } | null {
  const { messageId, attempt } = (data ?? {}) as Partial<SendJobData>;
  if (typeof messageId !== 'string' || !isUuid(messageId)) return null;
  const n = Math.trunc(Number(attempt));
  return { messageId, attempt: n >= 1 ? n : null };
}

/**
 * The `mail` queue. Job `send` {messageId, attempt}, job id `mail.<outbound_message id>.<attempt>`,
 * written through the outbox in the transaction that queued the message, by a failed attempt (the
 * next one, delayed by the backoff), by a resend, or by the sweep (tagged `swept.<time>`). Idempotent:
 * the row's status and attempt count decide. Send jobs the outbox relay claims together (an
 * acknowledgement batch's messages, a step-down's notices) come as one job {batch: [{messageId,
 * attempt}, ...]}, id `<first job's id>.batch-of-<n>` (BATCHED_JOBS), delivered one after another,
 * each by the same protocol as a job of its own: the queue's own cost (two scripts and a blocking
 * pop in Redis, their round trips and replies in the worker) is then paid once a batch. A message of
 * a batch that cannot be delivered now is queued as a job of its own, tagged with the batch's id.
 */
@Processor(QUEUES.mail, { concurrency: MAIL_SENDS_AT_ONCE })
export class MailProcessor extends CloseableWorkerHost {
  private readonly logger = new Logger(MailProcessor.name);

  constructor(
    private readonly delivery: MailDelivery,
    @InjectQueue(QUEUES.mail) private readonly queue: Queue,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== SEND_JOB) throw new UnrecoverableError(`unknown mail job "${job.name}"`);
    const batch = job.data?.batch;
    if (Array.isArray(batch)) return this.deliverBatch(job, batch);
    const one = request(job.data);
    if (!one) throw new UnrecoverableError('mail send job without a valid messageId');
    return this.delivery.deliver(one.messageId, one.attempt);
  }

  /**
   * Delivers a batch's messages in turn. One that cannot be delivered now (another worker holds it,
   * the database is away) does not hold the others back: once the others are done it is queued again
   * as a job of its own, first tried after a failed job's first backoff and retried by BullMQ after
   * that, its id tagged with this job's (so a rerun of this job queues it once, and no job of an
   * earlier round of the message, kept by BullMQ for a while, can swallow it). When the worker is
   * closing, the messages not begun yet go the same way, so a shutdown waits for one send at most.
   * If Redis refuses those jobs, this job fails and BullMQ runs it again; the messages delivered
   * meanwhile are then skipped by their attempt count.
   */
  private async deliverBatch(job: Job, batch: unknown[]): Promise<{ outcomes: Partial<Record<MailDeliveryOutcome, number>>; retrying: number }> {
    const outcomes: Partial<Record<MailDeliveryOutcome, number>> = {};
    const again: { messageId: string; attempt: number | null }[] = [];
    for (const data of batch) {
      const one = request(data);
      if (!one) {
        this.logger.error({ jobId: job.id }, 'mail send batch holds an entry without a valid messageId; ignored');
        continue;
      }
      if (this.worker.closing) {
        again.push(one);
        continue;
      }
      try {
        const outcome = await this.delivery.deliver(one.messageId, one.attempt);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        this.logger.warn({ outboundMessageId: one.messageId, err: (error as Error).message }, 'a message of a mail batch could not be delivered now; it is retried on its own');
        again.push(one);
      }
    }
    if (again.length) {
      await this.queue.addBulk(
        again.map(({ messageId, attempt }) => ({
          name: SEND_JOB,
          data: { messageId, attempt },
          opts: { ...DEFAULT_JOB_OPTIONS, jobId: sendJobId(messageId, attempt, `from.${job.id}`), delay: FIRST_RETRY_DELAY_MS },
        })),
      );
    }
    return { outcomes, retrying: again.length };
  }

  /** BullMQ gave up (infrastructure errors on every try): the row is still pending or sending, and the sweep picks it up. */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger[final ? 'error' : 'warn']({ jobId: job.id, attemptsMade: job.attemptsMade, err: error.message }, final ? 'mail job gave up; the sweep will re-queue it' : 'mail job failed; BullMQ retries it');
  }
}
