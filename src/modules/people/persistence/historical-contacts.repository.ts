import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Session advisory lock: one linker at a time across every worker process. */
const HISTORY_LOCK_KEY = 7_246_101;

export interface HistoricalContactPosition {
  receivedAt: Date;
  id: string;
}

/**
 * What the historical-contact linker reads (SPEC PPL-4, PERF-6): the lock that lets one linker run
 * at a time across workers, and the next imported contacts not yet matched, oldest first.
 */
@Injectable()
export class HistoricalContactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` holding the linker's session lock on a connection of its own; answers undefined,
   * without running it, when another worker holds the lock.
   */
  async whileLocked<T>(work: () => Promise<T>): Promise<T | undefined> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query('SELECT pg_try_advisory_lock($1) AS locked', [HISTORY_LOCK_KEY]);
      if (!locked) return undefined;
      try {
        return await work();
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [HISTORY_LOCK_KEY]);
      }
    } finally {
      await lock.release();
    }
  }

  /** Historical contacts with no source matched yet, after `after`, oldest first (a contact is linked once it has person_match rows). */
  unlinked(after: HistoricalContactPosition | null, limit: number): Promise<{ id: string; received_at: Date }[]> {
    return this.dataSource.query(
      `SELECT c.id, c.received_at FROM contact c
        WHERE c.status = 'historical' AND ($1::timestamptz IS NULL OR (c.received_at, c.id) > ($1::timestamptz, $2::uuid))
          AND NOT EXISTS (SELECT 1 FROM person_match m WHERE m.contact_id = c.id)
        ORDER BY c.received_at, c.id LIMIT $3`,
      [after?.receivedAt ?? null, after?.id ?? null, limit],
    );
  }
}
