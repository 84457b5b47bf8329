import type { JobsOptions } from 'bullmq';

/** Every BullMQ queue of the service. Job payloads carry ids only: the database row is the truth. */
export const QUEUES = {
  triage: 'triage',
  feedback: 'feedback',
  sweeps: 'sweeps',
  stepDowns: 'step-downs',
  accounts: 'accounts',
  mail: 'mail',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

/** The wait before a failed job's first retry; each later one waits twice the one before. */
export const FIRST_RETRY_DELAY_MS = 1000;

/** Default job options (CONVENTIONS habit 6): retries with backoff, capped retention. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: FIRST_RETRY_DELAY_MS },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 50_000 },
};

/** The most contacts one grading job carries: a batch of 50 is one to two seconds of work on the development machines. */
export const GRADING_BATCH_LIMIT = 50;

/**
 * Jobs whose consumer takes several at a time, with the most one job carries. Outbox rows of such a
 * job claimed together by the relay become one job with data `{ batch: [payload, ...] }` (a row
 * claimed alone stays a job of its own, with its own id and payload), so the consumer does the
 * work of many rows in one transaction when they arrive faster than it empties the queue.
 */
export const BATCHED_JOBS: Readonly<Record<string, number>> = {
  // Acknowledgements: one transaction of a fixed number of statements per turn of jobs (FeedbackService.createAcknowledgements, FeedbackProcessor).
  acknowledge: 50,
  // Grading (triage, CONTACT_JOBS.received): one transaction per batch. The cap bounds how long a
  // batch holds its locks and how long its first contact waits for its last, so latency stays low
  // under load; it is a property of the code's cost, not a local policy, hence not a setting.
  'contact.received': GRADING_BATCH_LIMIT,
  // E-mail (the mail queue's `send`, MailProcessor): a batch's messages are delivered one after
  // another, so the cap bounds how long the last waits for the first (a few milliseconds each to a
  // relay on the same network, a second or so to a slow one) while the queue's per-job cost is shared
  // ten ways; a burst larger than the cap still goes out over several SMTP connections at once.
  send: 10,
};

/** The data of a job that carries several outbox rows' payloads (BATCHED_JOBS). */
export interface BatchJobData<T> {
  batch: T[];
}

/** Deterministic job id: the same effect is never queued twice. BullMQ ids may not contain ':'. */
export function jobId(kind: string, ...ids: string[]): string {
  return [kind, ...ids].join('.');
}
