import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ClientBase, PoolClient, QueryResultRow } from 'pg';
// The pieces pg's own Query uses to turn a value into a parameter and a row into an object.
import Result from 'pg/lib/result';
import { prepareValue } from 'pg/lib/utils';
import { DataSource, EntityManager, QueryRunner, QueryRunnerAlreadyReleasedError } from 'typeorm';
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
  const { runner, dataSource } = connectionOf(em);
  const config = { name: statementName(text), text, values };
  const started = Date.now();
  try {
    if (runner) return (await ((await runner.connect()) as PoolClient).query<T>(config)).rows;
    return (await pgPool(dataSource).query<T>(config)).rows;
  } finally {
    const ms = Date.now() - started;
    if (ms > SLOW_MS) logger.warn({ statement: config.name, ms }, 'slow prepared statement');
  }
}

/** Where `em`'s statements go: its transaction's query runner (never one already released), or the pool. */
function connectionOf(em: Pick<EntityManager, 'query'>): { runner: QueryRunner | undefined; dataSource: DataSource } {
  const manager = em as EntityManager;
  const runner = manager.queryRunner;
  if (runner?.isReleased) throw new QueryRunnerAlreadyReleasedError();
  // A DataSource passed as the query runner has the driver itself; an EntityManager has it through its connection.
  const dataSource = 'driver' in manager ? (manager as unknown as DataSource) : manager.connection;
  return { runner, dataSource };
}

/** What the pipeline needs of pg's connection (the protocol writer under a client). */
interface PgConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(config: { name: string; text: string }): void;
  on(event: 'parseComplete', listener: () => void): void;
  removeListener(event: 'parseComplete', listener: () => void): void;
  bind(config: { statement: string; values: unknown[] }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
  sync(): void;
  sendCopyFail(message: string): void;
  stream: { cork?(): void; uncork?(): void };
}
interface FieldsMessage {
  fields: unknown[];
}

/**
 * Executions of named statements sent in one write and answered in one round trip: for each, Parse
 * when the connection has not parsed it yet, then Bind, Describe and Execute; then a single Sync. A
 * "submittable" the pg client runs like a query (as copy-in.ts does for COPY). The statements run in
 * order, in the transaction of the connection (outside one, the statements up to the Sync are one
 * implicit transaction: all commit together or none does). A server error fails them all, as an
 * error in a transaction does anyway (the server skips the rest up to the Sync), and settles at once;
 * pg holds the connection's next query until the round trip's ReadyForQuery. A value a type parser
 * refuses settles at that ReadyForQuery: the statements have then run, and outside a transaction they
 * are committed, as with pg's own Query. A failure while writing ends the round trip with a statement
 * the server refuses, so none of it commits. Each ParseComplete the server
 * sends records its statement as parsed on the connection, as pg's Query does, so a statement parsed
 * before a failure is never parsed twice and one skipped after it is parsed next time.
 */
class PipelinedExecutions {
  callback?: unknown;
  private readonly answers: unknown[][] = [];
  private current: Result | null = null;
  private failure: Error | null = null;
  private settled = false;
  private connection: PgConnection | null = null;
  /** Statements this round trip parses, in the order their ParseComplete comes back. */
  private readonly parses: { name: string; text: string }[] = [];
  private readonly parsed = (): void => {
    const next = this.parses.shift();
    if (!next || !this.connection) return;
    this.connection.parsedStatements[next.name] = next.text;
    delete this.connection.submittedNamedStatements[next.name];
  };

  constructor(
    private readonly executions: { name: string; text: string; values: unknown[] }[],
    private readonly types: unknown,
    private readonly finish: (error: Error | null, answers: unknown[][]) => void,
  ) {}

  submit(connection: PgConnection): Error | null {
    let values: unknown[][];
    try {
      values = this.executions.map((e) => e.values.map((v) => prepareValue(v)));
    } catch (error) {
      return error as Error; // nothing sent yet: the client reports it through handleError
    }
    this.connection = connection;
    connection.on('parseComplete', this.parsed);
    connection.stream.cork?.();
    try {
      this.executions.forEach((e, i) => {
        if (connection.parsedStatements[e.name] === undefined && connection.submittedNamedStatements[e.name] === undefined) {
          connection.parse({ name: e.name, text: e.text });
          connection.submittedNamedStatements[e.name] = e.text;
          this.parses.push({ name: e.name, text: e.text });
        }
        connection.bind({ statement: e.name, values: values[i] });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      });
    } catch (error) {
      // The Sync below still ends the round trip, so the connection is not left waiting. Before it, a
      // statement the server cannot parse: the statements already sent are then rolled back with the
      // rest (skipped up to the Sync), never committed without the ones that could not be written.
      this.failure = error as Error;
      connection.parse({ name: '', text: 'pipeline not sent whole' });
    } finally {
      try {
        connection.sync();
      } finally {
        connection.stream.uncork?.();
      }
    }
    return null;
  }

  private done(error: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    this.forgetUnparsed();
    this.finish(error, this.answers);
  }

  /** Parses the server skipped after an error (or never got) are not pending any more: the next query parses them. */
  private forgetUnparsed(): void {
    // An error settles before the ReadyForQuery, and nothing after it is parsed; keep listening until then otherwise.
    if (!this.connection) return;
    this.connection.removeListener('parseComplete', this.parsed);
    for (const p of this.parses) delete this.connection.submittedNamedStatements[p.name];
    this.parses.length = 0;
  }

  handleRowDescription(msg: FieldsMessage): void {
    this.current = new Result(undefined, this.types);
    this.current.addFields(msg.fields);
  }

  // A value a type parser refuses fails the pipeline at its end, as it fails pg's own Query: thrown
  // here, it would escape from the socket's data handler.
  handleDataRow(msg: FieldsMessage): void {
    if (this.failure) return;
    try {
      this.current!.rows.push(this.current!.parseRow(msg.fields));
    } catch (error) {
      this.failure = error as Error;
    }
  }

  handleCommandComplete(): void {
    this.answers.push(this.current?.rows ?? []);
    this.current = null;
  }

  handleError(error: Error): void {
    this.done(this.failure ?? error);
  }

  handleReadyForQuery(): void {
    if (this.failure) return this.done(this.failure);
    this.done(this.answers.length === this.executions.length ? null : new Error(`pipeline answered ${this.answers.length} of ${this.executions.length} statements`));
  }

  // None of these comes for a SELECT or a write with RETURNING; a COPY FROM STDIN is refused, as pg's Query refuses it.
  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFail('COPY is not supported in a pipeline');
  }
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * `preparedQuery` for several statements at once, answered in the order asked, in one round trip
 * (PipelinedExecutions), on the connection of `em` (a pooled one for a DataSource): in its
 * transaction when it has one, otherwise as one transaction of their own, all committed together or
 * none. Where a batch
 * runs many small statements in a row (the candidate searches of a grading batch, the contacts of an
 * intake turn), each one paid a write and a wake-up on both sides of the socket, on these machines
 * costlier than the statement's own work.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the caller, as with em.query
export async function preparedQueries<T extends QueryResultRow = any>(em: Pick<EntityManager, 'query'>, statements: { text: string; values: unknown[] }[]): Promise<T[][]> {
  if (statements.length <= 1) return Promise.all(statements.map((s) => preparedQuery<T>(em, s.text, s.values)));
  const { runner, dataSource } = connectionOf(em);
  const client: ClientBase = runner ? ((await runner.connect()) as PoolClient) : await pgPool(dataSource).connect();
  // A client taken from the pool has no 'error' listener while it is out (a query runner adds its
  // own): a connection lost meanwhile would otherwise be an unhandled 'error' event, ending the
  // process. The pipeline's promise fails anyway; the client is then destroyed, not given back.
  let lost: Error | undefined;
  const onLost = (error: Error) => (lost = error);
  if (!runner) client.on('error', onLost);
  const started = Date.now();
  try {
    const connection = (client as unknown as { connection: PgConnection }).connection;
    const executions = statements.map(({ text, values }) => {
      const name = statementName(text);
      const parsed = connection.parsedStatements[name] ?? connection.submittedNamedStatements[name];
      if (parsed !== undefined && parsed !== text) throw new Error(`prepared statement ${name} was parsed with another text`);
      return { name, text, values };
    });
    return (await new Promise<unknown[][]>((resolve, reject) => {
      const types = (client as unknown as { _types: unknown })._types;
      const submittable = new PipelinedExecutions(executions, types, (error, result) => (error ? reject(error) : resolve(result)));
      (client as unknown as { query(q: unknown): void }).query(submittable);
    })) as T[][];
  } finally {
    if (!runner) {
      client.removeListener('error', onLost);
      (client as PoolClient).release(lost);
    }
    const ms = Date.now() - started;
    if (ms > SLOW_MS) logger.warn({ statements: [...new Set(statements.map((s) => statementName(s.text)))], ms }, 'slow prepared statements');
  }
}
