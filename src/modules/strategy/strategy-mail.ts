import type { OutboxEntry } from '../../queue/outbox.service';
import { jobId, QUEUES } from '../../queue/queue-names';

/** The outbox entry that sends one strategy_message (decline notice or minutes to one recipient). */
export function sendMessageJob(messageId: string): OutboxEntry {
  return { queue: QUEUES.strategy, jobName: 'send', jobId: jobId('strategy-message', messageId), payload: { messageId } };
}
