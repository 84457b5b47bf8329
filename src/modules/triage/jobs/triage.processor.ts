import { InjectQueue, OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { metrics } from '../../../health/metrics';
import { BatchJobData, DEFAULT_JOB_OPTIONS, GRADING_BATCH_LIMIT, jobId, QUEUES } from '../../../queue/queue-names';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { Turns } from '../../../common/turns';
import { GradingOutcome, ProvisionalGradingService } from '../provisional-grading.service';
import { UngradedContactsService } from '../ungraded-contacts.service';
import { CONTACT_RECEIVED } from './ungraded-sweep';

import { CONTACT_JOBS } from '../../contacts/domain/contact-vocabulary';
import { ContactChange, ContactChangesService } from '../contact-changes.service';

export { CONTACT_RECEIVED } from './ungraded-sweep';
const INFORMATION_ADDED = CONTACT_JOBS.informationAdded;
const HOUSEHOLD_CHANGED = CONTACT_JOBS.householdChanged;

/**
 * Grading jobs of one worker process go in turns, one transaction at a time, and a turn takes every
 * contact.received job waiting for it (up to GRADING_BATCH_LIMIT contacts) into one batch. Side by
 * side, batches wait on each other's person-identity locks, held to the end of a long transaction,
 * and deadlock while the people step takes them contact by contact (bench:triage: 16 at a time
 * graded less than half of what one at a time did). The jobs BullMQ hands this process meanwhile
 * (up to its concurrency) are graded together, so a batch's fixed statements are shared by many
 * contacts even when the relay's claims are small. Idle, a job is graded at once, alone.
 */
interface GradingResult {
  outcomes: Map<string, GradingOutcome>;
  failed: { contactId: string; error: Error }[];
}

type TriageJobData = { contactId?: string; informationId?: string; householdMemberId?: string; adult?: boolean; left?: boolean } & Partial<BatchJobData<{ contactId?: unknown }>>;

/**
 * Consumes `contact.received` (written by intake in the contact's transaction) and grades the
 * contacts: a job of one contact (job id triage.<contactId>), or of several that the outbox relay
 * claimed together (BATCHED_JOBS), graded in one transaction. `contact.information-added` and
 * `contact.household-changed` (written by contacts when an open contact changes) re-run the rules
 * and tell the worker. The database, not the job, guarantees each contact is graded once.
 *
 * A batch whose transaction throws is split in halves, each graded in its own transaction, down to
 * the contact at fault, so one contact that cannot be graded never holds the others back. That
 * contact gets a job of its own under its usual id (triage.<contactId>), with the usual retries;
 * when they run out it is left to grade by hand (onFailed), as a contact that came alone would be.
 */
@Processor(QUEUES.triage, { concurrency: 16 })
export class TriageProcessor extends CloseableWorkerHost {
  private readonly logger = new Logger(TriageProcessor.name);
  /** This process's grading turns (see GradingResult above): a turn grades the contacts of every job waiting for it. */
  private readonly turns = new Turns<string, GradingResult>(GRADING_BATCH_LIMIT, async (contactIds) => {
    const outcomes = new Map<string, GradingOutcome>();
    const failed = await this.gradeIsolating(contactIds, outcomes);
    return (mine) => {
      const asked = new Set(mine);
      return { outcomes: new Map([...outcomes].filter(([id]) => asked.has(id))), failed: failed.filter((f) => asked.has(f.contactId)) };
    };
  });

  constructor(
    private readonly grading: ProvisionalGradingService,
    private readonly ungraded: UngradedContactsService,
    private readonly changes: ContactChangesService,
    @InjectQueue(QUEUES.triage) private readonly queue: Queue,
  ) {
    super();
  }

  async process(job: Job<TriageJobData>): Promise<{ outcome: string; graded?: number; retrying?: number }> {
    if (job.name === INFORMATION_ADDED || job.name === HOUSEHOLD_CHANGED) return this.change(job);
    if (job.name !== CONTACT_RECEIVED) {
      this.logger.warn({ jobName: job.name, jobId: job.id }, 'unknown job on the triage queue; ignored');
      return { outcome: 'ignored' };
    }
    const batch = job.data?.batch;
    if (Array.isArray(batch)) return this.gradeBatch(batch.map((p) => p?.contactId).filter((id): id is string => typeof id === 'string'));
    const contactId = job.data?.contactId;
    if (typeof contactId !== 'string') return { outcome: 'ignored' };
    const stop = metrics.jobLatency.startTimer({ queue: QUEUES.triage });
    try {
      // A failure of a single contact's job is the job's: BullMQ retries it, then onFailed leaves it to grade by hand.
      const { outcomes, failed } = await this.turns.take([contactId]);
      if (failed.length) throw failed[0].error;
      const outcome = outcomes.get(contactId)!;
      if (outcome === 'no_such_contact') this.logger.warn({ contactId }, 'triage job for a contact that does not exist');
      metrics.jobsCompleted.inc({ queue: QUEUES.triage });
      return { outcome };
    } finally {
      stop();
    }
  }

  private async gradeBatch(contactIds: string[]): Promise<{ outcome: string; graded: number; retrying: number }> {
    const stop = metrics.jobLatency.startTimer({ queue: QUEUES.triage });
    try {
      const { outcomes, failed } = await this.turns.take(contactIds);
      const missing = [...outcomes].filter(([, o]) => o === 'no_such_contact').map(([id]) => id);
      if (missing.length) this.logger.warn({ contactIds: missing }, 'triage job for contacts that do not exist');
      // Queued only now, after the others are stored: if Redis refuses, this job fails and is retried,
      // and the contacts graded meanwhile count as already graded then.
      for (const { contactId, error } of failed) {
        this.logger.warn({ contactId, err: error.message }, 'a contact of a batch could not be graded; it is retried on its own');
        await this.queue.add(CONTACT_RECEIVED, { contactId }, { ...DEFAULT_JOB_OPTIONS, jobId: jobId('triage', contactId) });
      }
      metrics.jobsCompleted.inc({ queue: QUEUES.triage });
      const graded = [...outcomes.values()].filter((o) => o === 'graded').length;
      return { outcome: failed.length ? 'partly_graded' : 'graded', graded, retrying: failed.length };
    } finally {
      stop();
    }
  }

  /** Grades the contacts in one transaction, or, when it throws, each half in its own; the contacts that failed alone. */
  private async gradeIsolating(contactIds: string[], outcomes: Map<string, GradingOutcome>): Promise<{ contactId: string; error: Error }[]> {
    if (!contactIds.length) return [];
    try {
      for (const [id, outcome] of await this.grading.gradeContacts(contactIds)) outcomes.set(id, outcome);
      return [];
    } catch (error) {
      if (contactIds.length === 1) return [{ contactId: contactIds[0], error: error as Error }];
      const half = Math.ceil(contactIds.length / 2);
      return [...(await this.gradeIsolating(contactIds.slice(0, half), outcomes)), ...(await this.gradeIsolating(contactIds.slice(half), outcomes))];
    }
  }

  /** Something new on a graded contact: the rules run again and the holder is told (ContactChangesService). */
  private async change(job: Job<TriageJobData>): Promise<{ outcome: string }> {
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
