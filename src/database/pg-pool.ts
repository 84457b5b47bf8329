import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The pg pool under TypeORM's DataSource, for intake's hot path. Two reasons: a query through the
 * pool costs a third of one through TypeORM on these machines, and TypeORM logs a failed query with
 * its parameters, which here would be a whole contact (names, dates of birth: SPEC SEC-3).
 */
export function pgPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
