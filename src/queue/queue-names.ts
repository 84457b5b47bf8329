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

/** Default job options (CONVENTIONS habit 6): retries with backoff, capped retention. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 50_000 },
};

/** Deterministic job id: the same effect is never queued twice. BullMQ ids may not contain ':'. */
export function jobId(kind: string, ...ids: string[]): string {
  return [kind, ...ids].join('.');
}
