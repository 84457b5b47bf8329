import { Queue } from 'bullmq';
import { ALL_QUEUES, QueueName } from '../../../src/queue/queue-names';

/** Read-only handles on the service's BullMQ queues (same prefix), to look jobs up by id. */
export class QueueProbe {
  private readonly queues: Map<QueueName, Queue>;

  constructor(redisUrl: string, prefix: string) {
    const url = new URL(redisUrl);
    const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
    this.queues = new Map(ALL_QUEUES.map((name) => [name, new Queue(name, { connection, prefix })]));
  }

  /** State and return value, for failure messages ("completed:{\"outcome\":\"graded\"}"). */
  async describe(queue: QueueName, jobId: string): Promise<string> {
    const job = await this.queues.get(queue)!.getJob(jobId);
    return job ? `${await job.getState()}:${JSON.stringify(job.returnvalue ?? job.failedReason ?? null)}` : 'missing';
  }

  /**
   * The contacts that jobs named `jobName` on `queue` carry, whatever their state: a job carries one
   * outbox row's payload, or several as `{ batch: [...] }` when the relay claimed them together.
   */
  async contactsCarried(queue: QueueName, jobName: string): Promise<Set<string>> {
    const jobs = await this.queues.get(queue)!.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children']);
    const carried = new Set<string>();
    for (const job of jobs) {
      if (!job || job.name !== jobName) continue;
      const payloads: unknown[] = Array.isArray(job.data?.batch) ? job.data.batch : [job.data];
      for (const p of payloads) if (typeof (p as { contactId?: unknown })?.contactId === 'string') carried.add((p as { contactId: string }).contactId);
    }
    return carried;
  }

  async active(): Promise<number> {
    let total = 0;
    for (const q of this.queues.values()) total += await q.getActiveCount();
    return total;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
