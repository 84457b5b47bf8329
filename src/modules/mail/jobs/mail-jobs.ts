import { OutboxEntry } from '../../../queue/outbox.service';
import { jobId, QUEUES } from '../../../queue/queue-names';

/**
 * The job that makes attempt `attempt` of one message, job id `mail.<id>.<attempt>`: one id per
 * attempt, never reused, so a retry is never swallowed by the id of the attempt before it.
 */
export function sendJob(messageId: string, attempt: number, availableAt?: Date, tag?: string): OutboxEntry {
  return { queue: QUEUES.mail, jobName: 'send', jobId: jobId('mail', messageId, String(attempt), ...(tag ? [tag] : [])), payload: { messageId, attempt }, availableAt };
}
