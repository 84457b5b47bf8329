import { Inject, Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { insertRows } from '../../database/insert-rows';
import { preparedQuery } from '../../database/prepared-query';
import type { QueueName } from '../queue-names';

/** Rows claimed per relay transaction. */
export const OUTBOX_BATCH = 500;

export interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: string;
  job_id: string;
  payload: Record<string, unknown>;
}

/** An outbox row as OutboxService adds it; the rest keep their defaults. */
export interface NewOutboxRow {
  queue: QueueName;
  job_name: string;
  job_id: string;
  payload: Record<string, unknown>;
  /** Not before; now when null. */
  available_at: string | null;
}

const INSERT = insertRows('outbox', ['queue', 'job_name', 'job_id', 'payload', 'available_at'], 'rows', undefined, { available_at: 'coalesce(x.available_at, now())' });

/**
 * The relay's claim: the oldest pending rows nobody else holds, marked dispatched in the same
 * statement (a claim is one round trip, not a read and then a write), answered in the order added.
 * The mark is seen only if the relay's transaction commits, after Redis took the jobs; a claim that
 * Redis refuses leaves a dead version of each row it marked, for autovacuum (at most OUTBOX_BATCH
 * rows a retry, one retry every few seconds while Redis is away).
 */
const CLAIM_AND_MARK = `WITH pending AS MATERIALIZED (
  SELECT id FROM outbox WHERE dispatched_at IS NULL AND available_at <= now()
   ORDER BY created_at, seq LIMIT $1::int FOR UPDATE SKIP LOCKED
),
claimed AS (
  UPDATE outbox o SET dispatched_at = now(), attempts = o.attempts + 1, last_error = NULL
    FROM pending WHERE o.id = pending.id
  RETURNING o.id, o.queue, o.job_name, o.job_id, o.payload, o.created_at, o.seq
)
SELECT id, queue, job_name, job_id, payload FROM claimed ORDER BY created_at, seq`;

/** The `outbox` table: rows added in the caller's transaction, claimed and marked by the relay. */
export const outboxRows = {
  /** Any number of rows in one prepared statement, on the caller's transaction. */
  async insert(em: EntityManager, rows: NewOutboxRow[]): Promise<void> {
    await preparedQuery(em, INSERT, [JSON.stringify({ rows })]);
  },
};

/** The relay's side of the outbox: one claim-and-mark, dispatch, commit transaction per batch, and the wake-up channel. */
@Injectable()
export class OutboxRelayRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Claims up to OUTBOX_BATCH pending rows in the order they were added (FOR UPDATE SKIP LOCKED, so
   * relays run side by side) and marks them dispatched, in one statement, then hands them to
   * `dispatch` and commits; if `dispatch` throws, the transaction rolls back and the rows stay
   * pending (the mark is never seen). Returns how many were dispatched.
   */
  relayBatch(dispatch: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const rows = await preparedQuery<OutboxRow>(em, CLAIM_AND_MARK, [OUTBOX_BATCH]);
      if (rows.length === 0) return 0;
      await dispatch(rows);
      return rows.length;
    });
  }

  /** Shows why the relay is stuck on the oldest pending row. */
  async noteError(message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox SET last_error = $1 WHERE dispatched_at IS NULL AND id IN (SELECT id FROM outbox WHERE dispatched_at IS NULL ORDER BY created_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED)`,
      [message],
    );
  }

  /** A connection of its own that calls `onNotify` on NOTIFY outbox_pending (sent by a trigger on insert); connect it with `listen`. */
  listener(onNotify: () => void): Client {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'mash-outbox-listener' });
    client.on('error', () => undefined);
    client.on('notification', onNotify);
    return client;
  }

  async listen(client: Client): Promise<void> {
    await client.connect();
    await client.query('LISTEN outbox_pending');
  }
}
