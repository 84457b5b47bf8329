import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { QUEUES } from '../../../queue/queue-names';
import { AcceptanceNotifier } from './acceptance-notifier';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `step-downs` queue. Job names (ids only in payloads):
 * - `notify-accepted` {stepDownId}: job id `step-down-notify.<id>`, written with the acceptance;
 *   tells the GP, school/setting and referrer who the lead professional is.
 */
@Processor(QUEUES.stepDowns)
export class StepDownsProcessor extends WorkerHost implements BeforeApplicationShutdown {
  constructor(private readonly notifier: AcceptanceNotifier) {
    super();
  }

  /**
   * BullMQ's Worker.close() waits for a main loop that never starts when Redis was unreachable from
   * boot, so the process would never exit (SPEC REL-6): such a worker holds no job, close it at once.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const connected = await Promise.race([
      this.worker.waitUntilReady().then(() => true, () => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500).unref()),
    ]);
    if (!connected) await this.worker.close(true);
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== 'notify-accepted') throw new UnrecoverableError(`unknown step-downs job "${job.name}"`);
    const id = job.data?.stepDownId;
    if (typeof id !== 'string' || !UUID.test(id)) throw new UnrecoverableError('notify-accepted without a valid stepDownId');
    return this.notifier.notify(id);
  }
}
