import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { PoolClient, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { pgPool } from './pg-pool';

/** Statement names by SQL text: one per distinct text, so a dynamic query's variants each get their own. */
const names = new Map<string, string>();
const logger = new Logger('PreparedQuery');
/** As TypeORM's maxQueryExecutionTime (data-source-options.ts): slower statements are logged by name. */
const SLOW_MS = 1000;

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs SQL as a named prepared statement on the connection of `em`: its transaction when it has one,
 * otherwise any pooled connection. Each connection parses a statement once and re-executes it after
 * that. Where planning costs more than running (the people picture and candidate search: about 4 ms
 * of planning for 0.5 ms of execution, bench/README.md "Triage"), the transaction asks for generic
 * plans so the plan is made once per connection too (see lockContact in the people module).
 *
 * A transaction whose connection was lost (its query runner released) throws, as em.query would:
 * its statements must never go on, one by one, on another connection.
 *
 * Returns the rows (also for INSERT/UPDATE ... RETURNING). Like intake's hot path it bypasses
 * TypeORM's query logging, so a failed statement never logs its parameters (SPEC SEC-3); a slow one
 * is logged by statement name only.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the caller, as with em.query
export async function preparedQuery<T extends QueryResultRow = any>(em: Pick<EntityManager, 'query'>, text: string, values: unknown[] = []): Promise<T[]> {
  const manager = em as EntityManager;
  const runner = manager.queryRunner;
  const config = { name: statementName(text), text, values };
  const started = Date.now();
  try {
    if (runner) {
      if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
      const client = (await runner.connect()) as PoolClient;
      return (await client.query<T>(config)).rows;
    }
    // A DataSource passed as the query runner has the driver itself; an EntityManager has it through its connection.
    const dataSource = 'driver' in manager ? (manager as unknown as DataSource) : manager.connection;
    return (await pgPool(dataSource).query<T>(config)).rows;
  } finally {
    const ms = Date.now() - started;
    if (ms > SLOW_MS) logger.warn({ statement: config.name, ms }, 'slow prepared statement');
  }
}
