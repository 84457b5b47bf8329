import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { QUEUES } from '../../../queue/queue-names';
import { FeedbackService } from '../feedback.service';
import { FeedbackDelivery } from './feedback-delivery';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idFrom(job: Job, key: string): string {
  const value = job.data?.[key];
  if (typeof value !== 'string' || !UUID.test(value)) throw new UnrecoverableError(`feedback job ${job.name} without a valid ${key}`);
  return value;
}

/**
 * The `feedback` queue. Job names (payloads carry ids only):
 * - `acknowledge` {contactId}: written by intake in the contact's transaction, job id `ack.<contactId>`;
 *   creates the acknowledgement row (once per contact) and sends it.
 * - `send` {feedbackId, attempt}: attempt number `attempt` of one message, job id
 *   `feedback.<feedbackId>.<attempt>`; written with the row (attempt 1), by a failed attempt (the
 *   next one, delayed by the backoff), by a resend, or by the sweep.
 * The sweep that re-queues messages whose jobs went missing runs on a timer (FeedbackSweep).
 */
@Processor(QUEUES.feedback, { concurrency: 4 })
export class FeedbackProcessor extends CloseableWorkerHost {
  private readonly logger = new Logger(FeedbackProcessor.name);

  constructor(
    private readonly feedback: FeedbackService,
    private readonly delivery: FeedbackDelivery,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'acknowledge': {
        const row = await this.feedback.createAcknowledgement(idFrom(job, 'contactId'));
        if (!row) return 'missing';
        // `sending` too: a re-run after a crash mid-send must reach the delivery's reconciliation.
        return row.status === 'pending' || row.status === 'sending' ? this.delivery.deliver(row.id, 1) : row.status;
      }
      case 'send':
        return this.delivery.deliver(idFrom(job, 'feedbackId'), Math.max(1, Math.trunc(Number(job.data?.attempt)) || 1));
      default:
        throw new UnrecoverableError(`unknown feedback job "${job.name}"`);
    }
  }

  /** BullMQ gave up (infrastructure errors on every try): the row is still pending, and the sweep will pick it up. */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger[final ? 'error' : 'warn']({ jobId: job.id, name: job.name, attemptsMade: job.attemptsMade, err: error.message }, final ? 'feedback job gave up; the sweep will re-queue it' : 'feedback job failed; BullMQ retries it');
  }
}
