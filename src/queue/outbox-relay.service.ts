import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Client } from 'pg';
import { withTimeout } from '../common/with-timeout';
import { OUTBOX_BATCH, OutboxRelayRepository, OutboxRow } from './persistence/outbox.repository';
import { BATCHED_JOBS, DEFAULT_JOB_OPTIONS, QueueName } from './queue-names';
import { QueueRegistry } from './queue-registry';

const IDLE_POLL_MS = 1000;
/**
 * After a claim that found rows (under load), the relay waits this long before the next claim, even
 * when notified, so the rows committed meanwhile go together: one claim, one job per batched kind
 * (BATCHED_JOBS) and one acknowledgement transaction for many contacts, instead of one of each for
 * every one or two contacts committed since the last claim. Measured with bench:triage (BENCH_QUICK,
 * alternating runs on one machine): CPU per graded contact 11.5 ms without, 10.0-10.4 ms with 20 ms,
 * 9.3-9.5 ms with 50 ms, and the grading capacity from below 165 to about 200 contacts/s; p95 from 201
 * to grade at half capacity 64 ms. A contact that arrives when the last claim found nothing is
 * claimed at once; one that arrives within the wait after a claim that found rows waits for it.
 */
export const RELAY_GATHER_MS = 50;

interface RelayedJob {
  name: string;
  data: Record<string, unknown>;
  opts: typeof DEFAULT_JOB_OPTIONS & { jobId: string };
}

/**
 * The jobs for one queue's claimed rows: one job per row, except that rows of a BATCHED_JOBS name
 * go as jobs of up to its limit, in the order claimed. A batch's id is derived from its first row's
 * and its size, so relaying the same rows again after a crash queues the same job.
 */
export function jobsFor(rows: OutboxRow[], limits: Readonly<Record<string, number>> = BATCHED_JOBS): RelayedJob[] {
  const jobs: RelayedJob[] = [];
  const grouped = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    if (limits[row.job_name] === undefined) jobs.push({ name: row.job_name, data: row.payload, opts: { ...DEFAULT_JOB_OPTIONS, jobId: row.job_id } });
    else (grouped.get(row.job_name) ?? grouped.set(row.job_name, []).get(row.job_name)!).push(row);
  }
  for (const [name, group] of grouped) {
    const limit = limits[name];
    for (let start = 0; start < group.length; start += limit) {
      const chunk = group.slice(start, start + limit);
      jobs.push(
        chunk.length === 1
          ? { name, data: chunk[0].payload, opts: { ...DEFAULT_JOB_OPTIONS, jobId: chunk[0].job_id } }
          : { name, data: { batch: chunk.map((r) => r.payload) }, opts: { ...DEFAULT_JOB_OPTIONS, jobId: `${chunk[0].job_id}.batch-of-${chunk.length}` } },
      );
    }
  }
  return jobs;
}
const MAX_BACKOFF_MS = 5000;
// BullMQ waits for a connection that may never come; give up and roll back instead of holding row locks.
const ENQUEUE_TIMEOUT_MS = 3000;

/**
 * Moves outbox rows to BullMQ (CONVENTIONS habit 5). Rows are claimed with FOR UPDATE SKIP LOCKED,
 * so several workers can relay at once; the transaction commits only after Redis accepted the
 * jobs, so a Redis outage leaves the rows pending and they are delivered when it returns. Job ids
 * are deterministic, so a crash between "added" and "committed" cannot queue a job twice.
 * Wakes on NOTIFY outbox_pending (sent by a trigger on insert) and polls every second otherwise;
 * under load it claims every RELAY_GATHER_MS.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private running = false;
  private loop?: Promise<void>;
  private listener?: Client;
  private wake?: () => void;
  private failures = 0;

  constructor(
    private readonly outbox: OutboxRelayRepository,
    private readonly queues: QueueRegistry,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /** Relays one batch; returns how many rows were dispatched. Throws when Redis refuses. */
  async relayOnce(): Promise<number> {
    return this.outbox.relayBatch(async (rows) => {
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) (byQueue.get(row.queue) ?? byQueue.set(row.queue, []).get(row.queue)!).push(row);
      for (const [queue, batch] of byQueue) {
        const add = this.queues.get(queue).addBulk(jobsFor(batch));
        await withTimeout(add, ENQUEUE_TIMEOUT_MS, `queue ${queue} did not accept jobs within ${ENQUEUE_TIMEOUT_MS} ms`);
      }
    });
  }

  /** Relays until the outbox is empty (used by tests and benchmarks). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.relayOnce(); n > 0; n = await this.relayOnce()) total += n;
    return total;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let dispatched = 0;
      try {
        dispatched = await this.relayOnce();
        if (this.failures > 0) this.logger.log('outbox relay recovered');
        this.failures = 0;
      } catch (error) {
        this.failures++;
        if (this.failures === 1 || this.failures % 30 === 0) {
          this.logger.warn({ err: (error as Error).message, failures: this.failures }, 'outbox relay cannot reach the queue; rows stay pending');
        }
        await this.outbox.noteError(String((error as Error).message).slice(0, 500)).catch(() => undefined);
      }
      if (dispatched === OUTBOX_BATCH || !this.running) continue;
      const gathering = dispatched > 0 && this.failures === 0;
      const wait = this.failures > 0 ? Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.failures) : gathering ? RELAY_GATHER_MS : IDLE_POLL_MS;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          if (gathering && this.running) return;
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async listen(): Promise<void> {
    try {
      this.listener = this.outbox.listener(() => {
        if (this.failures === 0) this.wake?.();
      });
      await this.outbox.listen(this.listener);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'outbox LISTEN unavailable; polling only');
    }
  }
}
