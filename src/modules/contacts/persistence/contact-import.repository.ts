import { DataSource } from 'typeorm';
import { pgPool } from '../../../database/pg-pool';
import { IMPORT_BATCH_SQL } from './import-sql';

/** The SQL of a legacy import: references drawn in bulk, and one statement per batch (IMPORT_BATCH_SQL). */
export class ContactImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `count` numbers from a year's reference sequence, in order. */
  async nextReferences(sequence: string, count: number): Promise<string[]> {
    const { rows } = await pgPool(this.dataSource).query<{ n: string }>(`SELECT nextval('${sequence}')::text AS n FROM generate_series(1, $1)`, [count]);
    return rows.map((r) => r.n);
  }

  /** Writes one batch (a named prepared statement); how many contacts were new, and how many skipped ones differ. */
  async writeBatch(body: unknown): Promise<{ imported: number; changed: number }> {
    const result = await pgPool(this.dataSource).query<{ imported: number; changed: number }>({ name: 'import_contacts', text: IMPORT_BATCH_SQL, values: [JSON.stringify(body)] });
    return result.rows[0];
  }
}
