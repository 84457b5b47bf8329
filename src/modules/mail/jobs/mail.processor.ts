import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { QUEUES } from '../../../queue/queue-names';
import { MailDelivery } from './mail-delivery';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `mail` queue. Job `send` {messageId}, job id `mail.<outbound_message id>`, written through the
 * outbox in the transaction that queued the message. Idempotent: the row's status decides.
 */
@Processor(QUEUES.mail, { concurrency: 4 })
export class MailProcessor extends CloseableWorkerHost {
  constructor(private readonly delivery: MailDelivery) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== 'send') throw new UnrecoverableError(`unknown mail job "${job.name}"`);
    const id = job.data?.messageId;
    if (typeof id !== 'string' || !UUID.test(id)) throw new UnrecoverableError('mail send job without a valid messageId');
    return this.delivery.deliver(id, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  }
}
