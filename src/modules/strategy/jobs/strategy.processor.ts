import { Processor } from '@nestjs/bullmq';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { Job, UnrecoverableError } from 'bullmq';
import { QUEUES } from '../../../queue/queue-names';
import { StrategyDelivery } from './strategy-delivery';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `strategy` queue. Job `send` {messageId}, job id `strategy-message.<messageId>`: written by the
 * decline (notice to the requester) and by minutes distribution (one per recipient), in their
 * transactions, through the outbox. Idempotent: the message row's status decides.
 */
@Processor(QUEUES.strategy, { concurrency: 4 })
export class StrategyProcessor extends CloseableWorkerHost {
  constructor(private readonly delivery: StrategyDelivery) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== 'send') throw new UnrecoverableError(`unknown strategy job "${job.name}"`);
    const id = job.data?.messageId;
    if (typeof id !== 'string' || !UUID.test(id)) throw new UnrecoverableError('strategy send job without a valid messageId');
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.delivery.deliver(id, finalAttempt);
  }
}
