import { DataSource } from 'typeorm';
import { copyIn, copyRow } from '../../../database/copy-in';
import { pgPool } from '../../../database/pg-pool';
import { copySql, IMPORT_CONTACT_COLUMNS, IMPORT_EXISTING_SQL, IMPORT_PART_TABLES } from './import-sql';

type Rows = Record<string, unknown>[];
export type ImportBatchRows = { contacts: Rows } & { [K in (typeof IMPORT_PART_TABLES)[number]['key']]: Rows };

/** COPY text of `rows` in chunks of about 256 kB. */
function* chunks(rows: Rows, columns: readonly string[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += copyRow(row, columns);
    if (chunk.length > 262_144) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The SQL of a legacy import: references drawn in bulk, and one transaction per batch. */
export class ContactImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `count` numbers from a year's reference sequence, in order. */
  async nextReferences(sequence: string, count: number): Promise<string[]> {
    const { rows } = await pgPool(this.dataSource).query<{ n: string }>(`SELECT nextval('${sequence}')::text AS n FROM generate_series(1, $1)`, [count]);
    return rows.map((r) => r.n);
  }

  /**
   * Writes one batch in one transaction on one connection (SPEC PERF-6), each table by COPY, the
   * cheapest way into Postgres: the contacts not imported before (IMPORT_EXISTING_SQL finds those that
   * were; a legacy reference twice in the batch is written once), then their parts and audit events.
   * All of the batch is written or none of it. A batch written at the same moment by another run (or
   * the other writer of this one) holding one of its legacy references makes the unique index refuse
   * the COPY, or Postgres end one of two batches waiting for each other: nothing of it was written,
   * and it is written again, its check then seeing the other's contacts. Returns how many contacts
   * were new, and how many skipped ones differ from the line first imported.
   */
  async writeBatch(body: ImportBatchRows): Promise<{ imported: number; changed: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeOnce(body);
      } catch (error) {
        const { code, constraint } = error as { code?: string; constraint?: string };
        const raced = code === '40P01' || (code === '23505' && constraint === 'uq_contact_idempotency');
        if (!raced || attempt === 5) throw error;
      }
    }
  }

  private async writeOnce(body: ImportBatchRows): Promise<{ imported: number; changed: number }> {
    const client = await pgPool(this.dataSource).connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const contacts = body.contacts as { id: string; idempotency_scope: string; idempotency_key: string; request_hash: string }[];
      const { rows: before } = await client.query<{ scope: string; key: string; hash: string }>({
        name: 'import_existing', text: IMPORT_EXISTING_SQL, values: [contacts.map((c) => c.idempotency_scope), contacts.map((c) => c.idempotency_key)],
      });
      const first = new Map(before.map((r) => [`${r.scope}\u0000${r.key}`, r.hash]));
      const fresh: Rows = [];
      let changed = 0;
      for (const c of contacts) {
        const key = `${c.idempotency_scope}\u0000${c.idempotency_key}`;
        const hash = first.get(key);
        if (hash === undefined) {
          first.set(key, c.request_hash);
          fresh.push({ ...c, status: 'historical' });
        } else if (hash !== c.request_hash) changed++;
      }
      if (fresh.length) await copyIn(client, copySql('contact', IMPORT_CONTACT_COLUMNS), chunks(fresh, IMPORT_CONTACT_COLUMNS));
      const inserted = new Set(fresh.map((c) => c.id as string));
      for (const part of IMPORT_PART_TABLES) {
        const all = body[part.key];
        const chosen = inserted.size === contacts.length ? all : all.filter((r) => inserted.has(r[part.contact] as string));
        if (chosen.length) await copyIn(client, copySql(part.table, part.columns), chunks(chosen, part.columns));
      }
      await client.query('COMMIT');
      return { imported: inserted.size, changed };
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
