import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { metrics } from '../../../health/metrics';
import { QUEUES } from '../../../queue/queue-names';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { ProvisionalGradingService } from '../provisional-grading.service';

export const CONTACT_RECEIVED = 'contact.received';

/**
 * Consumes `contact.received` (written by intake in the contact's transaction, job id
 * triage.<contactId>) and grades the contact. Concurrency lets one worker keep up with 200
 * contacts/s (PERF-3); the database, not the job, guarantees each contact is graded once.
 */
@Processor(QUEUES.triage, { concurrency: 16 })
export class TriageProcessor extends CloseableWorkerHost {
  private readonly logger = new Logger(TriageProcessor.name);

  constructor(private readonly grading: ProvisionalGradingService) {
    super();
  }

  async process(job: Job<{ contactId?: string }>): Promise<{ outcome: string }> {
    if (job.name !== CONTACT_RECEIVED) {
      this.logger.warn({ jobName: job.name, jobId: job.id }, 'unknown job on the triage queue; ignored');
      return { outcome: 'ignored' };
    }
    const contactId = job.data?.contactId;
    if (typeof contactId !== 'string') return { outcome: 'ignored' };
    const stop = metrics.jobLatency.startTimer({ queue: QUEUES.triage });
    try {
      const outcome = await this.grading.gradeContact(contactId);
      if (outcome === 'no_such_contact') this.logger.warn({ contactId }, 'triage job for a contact that does not exist');
      metrics.jobsCompleted.inc({ queue: QUEUES.triage });
      return { outcome };
    } finally {
      stop();
    }
  }

  /** After the last retry: an alert in the logs (ids only) and a metric for the dashboard. */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    metrics.jobsFailed.inc({ queue: QUEUES.triage });
    const attempts = job?.opts.attempts ?? 1;
    if (job && job.attemptsMade >= attempts) {
      this.logger.error({ jobId: job.id, contactId: job.data?.contactId, attempts: job.attemptsMade, err: error.message }, 'triage job failed for good: the contact stays ungraded (status received)');
    }
  }
}
