import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DEFAULT_JOB_OPTIONS, QueueName } from './queue-names';
import { QueueRegistry } from './queue-registry';

const BATCH = 500;
const IDLE_POLL_MS = 1000;
const MAX_BACKOFF_MS = 5000;
// BullMQ waits for a connection that may never come; give up and roll back instead of holding row locks.
const ENQUEUE_TIMEOUT_MS = 3000;

interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: string;
  job_id: string;
  payload: Record<string, unknown>;
}

/**
 * Moves outbox rows to BullMQ (CONVENTIONS habit 5). Rows are claimed with FOR UPDATE SKIP LOCKED,
 * so several workers can relay at once; the transaction commits only after Redis accepted the
 * jobs, so a Redis outage leaves the rows pending and they are delivered when it returns. Job ids
 * are deterministic, so a crash between "added" and "committed" cannot queue a job twice.
 * Wakes on NOTIFY outbox_pending (sent by a trigger on insert) and polls every second otherwise.
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
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    return this.dataSource.transaction(async (em) => {
      const rows: OutboxRow[] = await em.query(
        `SELECT id, queue, job_name, job_id, payload FROM outbox
          WHERE dispatched_at IS NULL AND available_at <= now()
          ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) (byQueue.get(row.queue) ?? byQueue.set(row.queue, []).get(row.queue)!).push(row);
      for (const [queue, batch] of byQueue) {
        const add = this.queues.get(queue).addBulk(batch.map((r) => ({ name: r.job_name, data: r.payload, opts: { ...DEFAULT_JOB_OPTIONS, jobId: r.job_id } })));
        await withTimeout(add, ENQUEUE_TIMEOUT_MS, `queue ${queue} did not accept jobs within ${ENQUEUE_TIMEOUT_MS} ms`);
      }
      await em.query('UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
      return rows.length;
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
        await this.dataSource
          .query(`UPDATE outbox SET last_error = $1 WHERE id IN (SELECT id FROM outbox WHERE dispatched_at IS NULL ORDER BY created_at LIMIT 1)`, [String((error as Error).message).slice(0, 500)])
          .catch(() => undefined);
      }
      if (dispatched === BATCH || !this.running) continue;
      const wait = this.failures > 0 ? Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.failures) : IDLE_POLL_MS;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async listen(): Promise<void> {
    try {
      this.listener = new Client({ connectionString: this.config.databaseUrl, application_name: 'mash-outbox-listener' });
      this.listener.on('error', () => undefined);
      this.listener.on('notification', () => {
        if (this.failures === 0) this.wake?.();
      });
      await this.listener.connect();
      await this.listener.query('LISTEN outbox_pending');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'outbox LISTEN unavailable; polling only');
    }
  }
}
