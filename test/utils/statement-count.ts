import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from 'pg';

const current = new AsyncLocalStorage<string[]>();
let installed = false;

/**
 * The SQL statements `work` sends to Postgres, each a round trip (BEGIN and COMMIT included), in
 * order. Counted on pg's Client, under TypeORM and the prepared statements alike, and only for calls
 * made from within `work`: a worker's relay, sweeps and jobs running meanwhile are not counted.
 */
export async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  if (!installed) {
    installed = true;
    const query = Client.prototype.query as (...args: unknown[]) => unknown;
    (Client.prototype as unknown as { query: unknown }).query = function (this: Client, ...args: unknown[]) {
      const first = args[0] as string | { text: string };
      current.getStore()?.push((typeof first === 'string' ? first : first.text).replace(/\s+/g, ' ').trim());
      return query.apply(this, args);
    };
  }
  const statements: string[] = [];
  const result = await current.run(statements, work);
  return { result, statements };
}
