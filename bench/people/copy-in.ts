import { once } from 'node:events';
import type { Client } from 'pg';

/**
 * COPY ... FROM STDIN with nothing but the `pg` client (pg-copy-streams is not a dependency): a
 * "submittable" the client runs like a query, which answers the server's CopyInResponse by streaming
 * the chunks as CopyData messages and then CopyDone. Rows are in COPY text format (tab-separated,
 * \N for null). Resolves with the row count the server reports.
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
  private error: Error | null = null;
  private rows = 0;
  constructor(
    readonly text: string,
    private readonly chunks: Iterable<string>,
    private readonly done: (error: Error | null, rows: number) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgConnection): void {
    void (async () => {
      try {
        for (const chunk of this.chunks) {
          connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
          // Back-pressure: let the socket drain rather than buffer a million rows in memory.
          if (connection.stream.writableLength > 4 * 1024 * 1024) await once(connection.stream, 'drain');
        }
        connection.endCopyFrom();
      } catch (error) {
        connection.sendCopyFail(String(error));
      }
    })();
  }

  handleCommandComplete(msg: { text?: string }): void {
    this.rows = Number(/COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
  }

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.done(this.error, this.rows);
  }

  // The client may route these to any active query; COPY FROM never receives them.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

export function copyIn(client: Client, text: string, chunks: Iterable<string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const submittable = new CopyIn(text, chunks, (error, rows) => (error ? reject(error) : resolve(rows)));
    (client as unknown as { query(q: unknown): void }).query(submittable);
  });
}

/** A COPY text-format cell. */
export function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}
