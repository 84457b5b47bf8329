import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { metrics } from '../../../health/metrics';
import { QUEUES } from '../../../queue/queue-names';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { SweepRegistry } from './sweep-registry';

/** The one processor of QUEUES.sweeps: runs the registered sweep named by the job. */
@Processor(QUEUES.sweeps)
export class SweepProcessor extends CloseableWorkerHost {
  private readonly logger = new Logger(SweepProcessor.name);

  constructor(private readonly registry: SweepRegistry) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const sweep = this.registry.get(job.name);
    if (!sweep) {
      // A scheduler left in Redis by an older version: nothing to do, and nothing to retry.
      this.logger.warn({ jobName: job.name }, 'no sweep registered for this job; ignored');
      return { ignored: true };
    }
    const stop = metrics.jobLatency.startTimer({ queue: QUEUES.sweeps });
    try {
      const result = await sweep.run();
      metrics.jobsCompleted.inc({ queue: QUEUES.sweeps });
      return result;
    } catch (error) {
      metrics.jobsFailed.inc({ queue: QUEUES.sweeps });
      throw error;
    } finally {
      stop();
    }
  }
}
