import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { withTimeout } from '../../../common/with-timeout';
import { DEFAULT_JOB_OPTIONS, jobId, QUEUES } from '../../../queue/queue-names';
import { CONTACT_JOBS } from '../../contacts/domain/contact-vocabulary';
import { UngradedContactsService } from '../ungraded-contacts.service';

export const UNGRADED_SWEEP_JOB = 'triage.ungraded-sweep';
export const CONTACT_RECEIVED = CONTACT_JOBS.received;
const BATCH = 500;
/**
 * Redis commands queue while Redis is down, and a sweep run at start holds the worker's shutdown
 * until it ends: each call gives up after this long, so a worker starts and stops without Redis (REL-2).
 */
const REDIS_TIMEOUT_MS = 5_000;
const answered = <T>(command: Promise<T>) => withTimeout(command, REDIS_TIMEOUT_MS, 'Redis did not answer');

/**
 * Finds contacts still ungraded past the limit of config/grading.yaml and queues their grading
 * again, under the job id intake gave it (triage.<contactId>): a job still waiting, retrying or
 * running is left alone, so sweeping twice, or on two workers, queues nothing twice. A job that
 * failed for good while nobody recorded it is recorded now (grade by hand); one that is gone (Redis
 * lost it) or finished without a grade is queued again.
 */
@Injectable()
export class UngradedSweep {
  private readonly logger = new Logger(UngradedSweep.name);

  constructor(
    private readonly ungraded: UngradedContactsService,
    @InjectQueue(QUEUES.triage) private readonly queue: Queue,
  ) {}

  async sweepOnce(): Promise<{ requeued: number; gaveUp: number }> {
    let requeued = 0;
    let gaveUp = 0;
    for (const contactId of await this.ungraded.overdue(BATCH)) {
      const id = jobId('triage', contactId);
      const job = await answered(this.queue.getJob(id));
      const state = job ? await answered(job.getState()) : 'missing';
      if (job && state === 'failed') {
        await this.ungraded.gradingGaveUp(contactId, job.attemptsMade, job.failedReason ?? 'unknown error');
        gaveUp++;
        continue;
      }
      if (job && state !== 'completed' && state !== 'unknown') continue;
      if (job) await answered(job.remove());
      await answered(this.queue.add(CONTACT_RECEIVED, { contactId }, { ...DEFAULT_JOB_OPTIONS, jobId: id }));
      requeued++;
    }
    if (requeued || gaveUp) this.logger.warn({ requeued, gaveUp }, 'ungraded contacts past their limit: grading queued again');
    return { requeued, gaveUp };
  }
}
