import { Processor } from '@nestjs/bullmq';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { Job, UnrecoverableError } from 'bullmq';
import { QUEUES } from '../../../queue/queue-names';
import { AcceptanceNotifier } from './acceptance-notifier';
import { isUuid } from '../../../common/uuid';


/**
 * The `step-downs` queue. Job names (ids only in payloads):
 * - `notify-accepted` {stepDownId}: job id `step-down-notify.<id>`, written with the acceptance;
 *   tells the GP, school/setting and referrer who the lead professional is.
 */
@Processor(QUEUES.stepDowns)
export class StepDownsProcessor extends CloseableWorkerHost {
  constructor(private readonly notifier: AcceptanceNotifier) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== 'notify-accepted') throw new UnrecoverableError(`unknown step-downs job "${job.name}"`);
    const id = job.data?.stepDownId;
    if (typeof id !== 'string' || !isUuid(id)) throw new UnrecoverableError('notify-accepted without a valid stepDownId');
    return this.notifier.notify(id);
  }
}
