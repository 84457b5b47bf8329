import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listenForAccountChanges } from './persistence/account-change-listener';
import type { RequestAccountRow } from './persistence/accounts.repository';

/** How long an account read may answer for later requests: the bound on staleness should a notification ever be missed. */
export const ACCOUNT_CACHE_MS = 1000;
const MAX_ENTRIES = 10_000;
const RELISTEN_MS = 1000;

/**
 * The accounts the access guard has just read, for a second at most (SPEC PERF-1: reading the
 * account on every request was a third of intake's round trips to Postgres). Access still ends at
 * once (SEC-1): the account repository forgets an account as it changes it in this process, and
 * Postgres notifies every API process when a change commits, wherever it was made (an
 * administrator on another replica, a person at psql), and the account is forgotten there too.
 * While this process is not listening (starting, or its listening connection lost) nothing is kept,
 * so no notification can be missed unnoticed. Access expiry is a time in the row, compared with
 * the clock on every request, so it ends on time whatever is kept.
 */
@Injectable()
export class AccountCache implements OnApplicationShutdown {
  private readonly logger = new Logger('AccountCache');
  private readonly entries = new Map<string, { row: RequestAccountRow; until: number }>();
  /** Reads under way: concurrent requests of one account wait for the same read rather than each making one. */
  private readonly reading = new Map<string, Promise<RequestAccountRow | undefined>>();
  /** Raised by every change: a read that began before a change is not kept. */
  private generation = 0;
  private state: 'idle' | 'starting' | 'listening' | 'closed' = 'idle';
  private close?: () => Promise<void>;
  private retry?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  /** The account from a read of the last second, else from `load` (kept if nothing changed meanwhile). */
  async read(userId: string, load: () => Promise<RequestAccountRow | undefined>): Promise<RequestAccountRow | undefined> {
    if (this.state === 'idle') this.listen();
    if (this.state !== 'listening') return load();
    const kept = this.entries.get(userId);
    if (kept && kept.until > Date.now()) return kept.row;
    const under = this.reading.get(userId);
    if (under) return under;
    const generation = this.generation;
    const read = load().finally(() => this.reading.get(userId) === read && this.reading.delete(userId));
    this.reading.set(userId, read);
    const row = await read;
    if (row && this.state === 'listening' && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(userId, { row, until: Date.now() + ACCOUNT_CACHE_MS });
    }
    return row;
  }

  /** The account changed: the next request reads it again (a read already under way is neither shared nor kept). */
  forget(userId: string): void {
    this.generation++;
    this.entries.delete(userId);
    this.reading.delete(userId);
  }

  async onApplicationShutdown(): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.retry);
    this.forgetAll();
    await this.close?.();
  }

  private forgetAll(): void {
    this.generation++;
    this.entries.clear();
    this.reading.clear();
  }

  private listen(): void {
    this.state = 'starting';
    listenForAccountChanges(this.dataSource, { changed: (id) => this.forget(id), lost: () => this.lost() }).then(
      async (close) => {
        if (this.state === 'closed') return close();
        this.close = close;
        this.state = 'listening';
      },
      (error: Error) => {
        if (this.state === 'closed') return;
        this.logger.warn({ err: error.message }, 'cannot listen for account changes: accounts are read on every request until it can');
        this.later();
      },
    );
  }

  private lost(): void {
    if (this.state === 'closed') return;
    this.forgetAll();
    this.close = undefined;
    this.logger.warn('stopped listening for account changes: accounts are read on every request until it listens again');
    this.later();
  }

  private later(): void {
    this.state = 'starting';
    this.retry = setTimeout(() => this.state === 'starting' && this.listen(), RELISTEN_MS);
    this.retry.unref();
  }
}
