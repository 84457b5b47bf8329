import { DataSource } from 'typeorm';
import { copyIn, copyRow } from '../../../database/copy-in';
import { pgPool } from '../../../database/pg-pool';
import { copySql, IMPORT_CONTACTS_SQL, IMPORT_PART_TABLES } from './import-sql';

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
   * Writes one batch in one transaction on one connection (SPEC PERF-6): its contacts by one statement
   * that skips those imported before (IMPORT_CONTACTS_SQL), then the parts and audit events of the
   * contacts it inserted, a COPY per table (COPY is the cheapest way into Postgres, and a part of a new
   * contact can conflict with nothing). All of the batch is written or none of it. Returns how many
   * contacts were new, and how many skipped ones differ from the line first imported.
   */
  async writeBatch(body: ImportBatchRows): Promise<{ imported: number; changed: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeOnce(body);
      } catch (error) {
        // Two batches written at once that share a legacy reference each wait for the other's insert:
        // Postgres ends one; it was rolled back whole, so it is simply written again.
        if ((error as { code?: string }).code !== '40P01' || attempt === 3) throw error;
      }
    }
  }

  private async writeOnce(body: ImportBatchRows): Promise<{ imported: number; changed: number }> {
    const client = await pgPool(this.dataSource).connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ inserted: string[]; changed: number }>({ name: 'import_contacts_only', text: IMPORT_CONTACTS_SQL, values: [JSON.stringify(body.contacts)] });
      const inserted = new Set(rows[0].inserted);
      for (const part of IMPORT_PART_TABLES) {
        const all = body[part.key];
        const chosen = inserted.size === body.contacts.length ? all : all.filter((r) => inserted.has(r[part.contact] as string));
        if (chosen.length) await copyIn(client, copySql(part.table, part.columns), chunks(chosen, part.columns));
      }
      await client.query('COMMIT');
      return { imported: inserted.size, changed: rows[0].changed };
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
