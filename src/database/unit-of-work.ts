import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected
const MAX_ATTEMPTS = 4;

/**
 * The one transaction helper (CONVENTIONS habit 4): runs `work` in a transaction, passes the
 * EntityManager down, always releases the query runner, and retries on serialization failures and
 * deadlocks. `work` must be safe to re-run (it only touches the database through `em`).
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs reads that need no transaction (each statement sees committed data as of its start). */
  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

  /**
   * `on`: an EntityManager bound to a connection the caller holds (its query runner's), for a
   * transaction that must run on that connection rather than a pooled one (e.g. one that holds a
   * session lock); by default a connection from the pool.
   */
  async run<T>(work: (em: EntityManager) => Promise<T>, on?: EntityManager): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await (on ?? this.dataSource).transaction(work);
      } catch (error) {
        const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, 10 * 2 ** attempt + Math.random() * 10));
      }
    }
  }
}
