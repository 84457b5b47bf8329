import { createHash } from 'node:crypto';
import type { PoolClient, QueryResultRow } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { pgPool } from './pg-pool';

/** Statement names by SQL text: one per distinct text, so a dynamic query's variants each get their own. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs SQL as a named prepared statement on the connection of `em` (its transaction, when it has
 * one; otherwise any pooled connection). Each connection parses and plans a statement once and
 * re-executes it after that: for the big multi-CTE reads of grading (the people picture, candidate
 * search) planning costs several times the execution (bench/README.md, "Triage"). The pool's
 * sessions use plan_cache_mode=force_generic_plan (data-source-options.ts), so the plan is made once
 * per connection and remade only when ANALYZE changes the tables' statistics: write statements for
 * this helper as index-driven lookups whose best plan does not depend on the values.
 *
 * Returns the rows (also for INSERT/UPDATE ... RETURNING). Like intake's hot path it bypasses
 * TypeORM's query logging, so a failed statement never logs its parameters (SPEC SEC-3).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the caller, as with em.query
export async function preparedQuery<T extends QueryResultRow = any>(em: Pick<EntityManager, 'query'>, text: string, values: unknown[] = []): Promise<T[]> {
  const manager = em as EntityManager;
  const runner = manager.queryRunner;
  const config = { name: statementName(text), text, values };
  if (runner && !runner.isReleased) {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query<T>(config)).rows;
  }
  // A DataSource passed as the query runner has the driver itself; an EntityManager has it through its connection.
  const dataSource = 'driver' in manager ? (manager as unknown as DataSource) : manager.connection;
  return (await pgPool(dataSource).query<T>(config)).rows;
}
