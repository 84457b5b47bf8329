import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { metrics } from '../../../health/metrics';
import { QUEUES } from '../../../queue/queue-names';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { ProvisionalGradingService } from '../provisional-grading.service';
import { UngradedContactsService } from '../ungraded-contacts.service';
import { CONTACT_RECEIVED } from './ungraded-sweep';

import { CONTACT_JOBS } from '../../contacts/domain/contact-vocabulary';
import { ContactChange, ContactChangesService } from '../contact-changes.service';

export { CONTACT_RECEIVED } from './ungraded-sweep';
const INFORMATION_ADDED = CONTACT_JOBS.informationAdded;
const HOUSEHOLD_CHANGED = CONTACT_JOBS.householdChanged;

/**
 * Consumes `contact.received` (written by intake in the contact's transaction, job id
 * triage.<contactId>) and grades the contact; `contact.information-added` and
 * `contact.household-changed` (written by contacts when an open contact changes) re-run the rules
 * and tell the worker. Concurrency lets one worker keep up with 200
 * contacts/s (PERF-3); the database, not the job, guarantees each contact is graded once.
 */
@Processor(QUEUES.triage, { concurrency: 16 })
export class TriageProcessor extends CloseableWorkerHost {
  private readonly logger = new Logger(TriageProcessor.name);

  constructor(
    private readonly grading: ProvisionalGradingService,
    private readonly ungraded: UngradedContactsService,
    private readonly changes: ContactChangesService,
  ) {
    super();
  }

  async process(job: Job<{ contactId?: string; informationId?: string; householdMemberId?: string; adult?: boolean; left?: boolean }>): Promise<{ outcome: string }> {
    if (job.name === INFORMATION_ADDED || job.name === HOUSEHOLD_CHANGED) return this.change(job);
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

  /** Something new on a graded contact: the rules run again and the holder is told (ContactChangesService). */
  private async change(job: Job<{ contactId?: string; informationId?: string; householdMemberId?: string; adult?: boolean; left?: boolean }>): Promise<{ outcome: string }> {
    const { contactId, informationId, householdMemberId } = job.data ?? {};
    if (typeof contactId !== 'string') return { outcome: 'ignored' };
    const change: ContactChange | undefined =
      job.name === INFORMATION_ADDED && typeof informationId === 'string' ? { kind: 'information', informationId }
        : job.name === HOUSEHOLD_CHANGED && typeof householdMemberId === 'string' ? { kind: 'household', householdMemberId, adult: job.data.adult === true, ...(job.data.left === true ? { left: true } : {}) }
          : undefined;
    if (!change) return { outcome: 'ignored' };
    const stop = metrics.jobLatency.startTimer({ queue: QUEUES.triage });
    try {
      const result = await this.changes.review(contactId, change);
      metrics.jobsCompleted.inc({ queue: QUEUES.triage });
      return { outcome: result.outcome };
    } finally {
      stop();
    }
  }

  /**
   * After the last retry of a grading job the contact is left to grade by hand: the queue shows it
   * so, with the reason (UngradedContactsService; the log carries ids only).
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    metrics.jobsFailed.inc({ queue: QUEUES.triage });
    const attempts = job?.opts.attempts ?? 1;
    const contactId = job?.data?.contactId;
    if (!job || job.attemptsMade < attempts || job.name !== CONTACT_RECEIVED || typeof contactId !== 'string') return;
    try {
      await this.ungraded.gradingGaveUp(contactId, job.attemptsMade, error.message);
    } catch (failure) {
      // The sweeper records it on its next pass (it finds the failed job).
      this.logger.error({ jobId: job.id, contactId, err: (failure as Error).message }, 'could not record that grading gave up');
    }
  }
}
