import { once } from 'node:events';
import type { ClientBase } from 'pg';

/**
 * COPY ... FROM STDIN with nothing but the `pg` client (pg-copy-streams is not a dependency): a
 * "submittable" the client runs like a query, which answers the server's CopyInResponse by sending
 * the chunks as CopyData messages and then CopyDone. Rows are in COPY text format (copyRow). Resolves
 * with the row count the server reports; a server error (a constraint, a bad value) rejects, and the
 * transaction the COPY ran in is then aborted like after any failed statement.
 */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableLength: number };
}

class CopyIn {
  callback?: unknown;
  private failed = false;
  private settled = false;
  private rows = 0;
  constructor(
    readonly text: string,
    private readonly chunks: Iterable<string>,
    private readonly finish: (error: Error | null, rows: number) => void,
  ) {}

  private done(error: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    this.finish(error, this.rows);
  }

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgConnection): void {
    void (async () => {
      try {
        for (const chunk of this.chunks) {
          if (this.failed) return; // the server refused the COPY: the rest would be ignored
          connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
          // Back-pressure: let the socket drain rather than hold the whole batch twice in memory.
          if (connection.stream.writableLength > 4 * 1024 * 1024) await once(connection.stream, 'drain');
        }
        if (!this.failed) connection.endCopyFrom();
      } catch (error) {
        if (!this.failed) connection.sendCopyFail(String(error));
      }
    })();
  }

  handleCommandComplete(msg: { text?: string }): void {
    this.rows = Number(/COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
  }

  // The client stops routing messages to a query once it has had an error (its ReadyForQuery goes to
  // nobody), so the error settles the COPY at once.
  handleError(error: Error): void {
    this.failed = true;
    this.done(error);
  }

  handleReadyForQuery(): void {
    this.done(null);
  }

  // The client may route these to any active query; COPY FROM never receives them.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `COPY <table> (<columns>) FROM STDIN` on `client` with `chunks` of COPY text rows. */
export function copyIn(client: ClientBase, text: string, chunks: Iterable<string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const submittable = new CopyIn(text, chunks, (error, rows) => (error ? reject(error) : resolve(rows)));
    (client as unknown as { query(q: unknown): void }).query(submittable);
  });
}

const SPECIALS = /[\\\t\n\r]/;
/** A text value as it stands in a COPY text-format line. */
export const escapeCopyText = (s: string) => (SPECIALS.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s);
const ARRAY_SPECIALS = /["\\]/;

/** A Postgres array literal of text-like values: `{"a","b"}`, each quoted (so commas, braces and NULL stay text). */
function arrayLiteral(items: unknown[]): string {
  return `{${items.map((item) => (item === null || item === undefined ? 'NULL' : `"${ARRAY_SPECIALS.test(String(item)) ? String(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"') : String(item)}"`)).join(',')}}`;
}

/**
 * One COPY text-format line of `row`'s `columns`: null and undefined as \N, booleans as t/f, arrays
 * as array literals, other objects as JSON (for jsonb columns), everything else as its text.
 */
export function copyRow(row: Record<string, unknown>, columns: readonly string[]): string {
  // Joined rather than appended cell by cell: appending makes a tree of one string per cell that a
  // batch holds until it is written, and copying those through young-generation collections was a
  // quarter of an import thread's time; a join makes one flat string.
  if (!columns.length) return '\n';
  const cells = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const value = row[columns[i]];
    let cell: string;
    if (value === null || value === undefined) cell = '\\N';
    else if (typeof value === 'string') cell = escapeCopyText(value);
    else if (typeof value === 'boolean') cell = value ? 't' : 'f';
    else if (typeof value === 'number') cell = String(value);
    else if (Array.isArray(value)) cell = escapeCopyText(arrayLiteral(value));
    else if (value instanceof Date) cell = value.toISOString();
    else cell = escapeCopyText(JSON.stringify(value));
    cells[i] = i === columns.length - 1 ? `${cell}\n` : cell;
  }
  return cells.join('\t');
}
