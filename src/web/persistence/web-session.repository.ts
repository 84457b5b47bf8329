import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The web_session table as the worker sees it: only the removal of expired sessions. */
@Injectable()
export class WebSessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Deletes sessions past their expiry (connect-pg-simple already ignores them when reading). */
  async deleteExpired(now: Date): Promise<number> {
    const [, count] = await this.dataSource.query('DELETE FROM web_session WHERE expire < $1', [now]);
    return count as number;
  }
}
