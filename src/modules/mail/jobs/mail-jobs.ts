import { OutboxEntry } from '../../../queue/outbox.service';
import { jobId, QUEUES } from '../../../queue/queue-names';

/** The mail queue's one job: attempt `attempt` of one message (several, when batched: BATCHED_JOBS). */
export const SEND_JOB = 'send';

export interface SendJobData {
  messageId: string;
  /** Absent in jobs queued before attempts were numbered: the next attempt. */
  attempt?: number | null;
}

/**
 * The job id of attempt `attempt` of one message, `mail.<id>.<attempt>[.<tag>]`: one id per attempt,
 * so a retry is never swallowed by the id of the attempt before it; a tag (the sweep's round, the
 * batch a message is retried from) makes another job for the same attempt.
 */
export function sendJobId(messageId: string, attempt: number | null, tag?: string): string {
  return jobId('mail', messageId, attempt === null ? 'next' : String(attempt), ...(tag ? [tag] : []));
}

/** The job that makes attempt `attempt` of one message. */
export function sendJob(messageId: string, attempt: number, availableAt?: Date, tag?: string): OutboxEntry {
  return { queue: QUEUES.mail, jobName: SEND_JOB, jobId: sendJobId(messageId, attempt, tag), payload: { messageId, attempt }, availableAt };
}
