import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's own logger prints a failed query with its parameters, which here can be a child's name
 * or a referrer's narrative (SPEC SEC-3). This one logs the failing statement's first words and the
 * database error code only; the error itself still reaches the caller.
 */
export class QueryErrorLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQueryError(error: string | Error, query: string): void {
    const code = typeof error === 'object' ? (error as { code?: string }).code : undefined;
    this.logger.warn({ code, statement: query.trim().split(/\s+/).slice(0, 3).join(' ') }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, statement: query.trim().split(/\s+/).slice(0, 3).join(' ') }, 'slow query');
  }

  logQuery(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
