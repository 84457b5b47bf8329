import { DataSource } from 'typeorm';
import { copyIn, escapeCopyText } from '../../../database/copy-in';
import { pgPool } from '../../../database/pg-pool';
import type { ImportBatchText } from './import-copy-text';
import { copySql, IMPORT_CONTACT_COLUMNS, IMPORT_EXISTING_SQL, IMPORT_PART_TABLES } from './import-sql';

/** One batch of a legacy import, ready to write: its contacts' keys, line hashes and references, and its COPY text. */
export interface ImportBatch {
  /** The idempotency scope of the import (`import:<system>`). */
  scope: string;
  /** Of each contact, in order: its legacy reference (the idempotency key), the hash of its line, its reference here. */
  keys: string[];
  hashes: string[];
  references: string[];
  text: ImportBatchText;
}

/** The text of the contacts in `chosen` (indexes into the batch), each given its reference and the status `historical`. */
function contactText(batch: ImportBatch, chosen: number[]): string {
  let text = '';
  for (const i of chosen) text += `${batch.text.contacts[i]}\t${escapeCopyText(batch.references[i])}\thistorical\n`;
  return text;
}

/** The rows of the contacts in `chosen` out of a part's text. */
function partText(part: { text: string; ends: number[] }, chosen: number[]): string {
  let text = '';
  for (const i of chosen) text += part.text.slice(i ? part.ends[i - 1] : 0, part.ends[i]);
  return text;
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
   * another writer of this one) holding one of its legacy references makes the unique index refuse
   * the COPY, or Postgres end one of two batches waiting for each other: nothing of it was written,
   * and it is written again, its check then seeing the other's contacts. Returns how many contacts
   * were new, and how many skipped ones differ from the line first imported.
   */
  async writeBatch(batch: ImportBatch): Promise<{ imported: number; changed: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeOnce(batch);
      } catch (error) {
        const { code, constraint } = error as { code?: string; constraint?: string };
        const raced = code === '40P01' || (code === '23505' && constraint === 'uq_contact_idempotency');
        if (!raced || attempt === 5) throw error;
      }
    }
  }

  private async writeOnce(batch: ImportBatch): Promise<{ imported: number; changed: number }> {
    const client = await pgPool(this.dataSource).connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows: before } = await client.query<{ key: string; hash: string }>({ name: 'import_existing', text: IMPORT_EXISTING_SQL, values: [batch.scope, batch.keys] });
      const first = new Map(before.map((r) => [r.key, r.hash]));
      const fresh: number[] = [];
      let changed = 0;
      batch.keys.forEach((key, i) => {
        const hash = first.get(key);
        if (hash === undefined) {
          first.set(key, batch.hashes[i]);
          fresh.push(i);
        } else if (hash !== batch.hashes[i]) changed++;
      });
      if (fresh.length) {
        await copyIn(client, copySql('contact', IMPORT_CONTACT_COLUMNS), [contactText(batch, fresh)]);
        const all = fresh.length === batch.keys.length;
        for (const part of IMPORT_PART_TABLES) {
          const text = all ? batch.text.parts[part.key].text : partText(batch.text.parts[part.key], fresh);
          if (text) await copyIn(client, copySql(part.table, part.columns), [text]);
        }
      }
      await client.query('COMMIT');
      return { imported: fresh.length, changed };
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
