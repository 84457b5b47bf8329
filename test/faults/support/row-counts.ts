import { Client } from 'pg';
import { FAULTS_DATABASE_URL } from './processes';

/** Tables whose rows a rejected request may still write: the audit trail (and its seals) and migrations. */
const EXCLUDED = /^(audit_|typeorm_)/;

/**
 * Counts the rows of every other table in one statement, so the fuzz run can compare before and
 * after each request. The table list is read from the catalogue, so tables added later are counted.
 */
export class RowCounter {
  private sql = '';
  private constructor(readonly db: Client) {}

  static async open(): Promise<RowCounter> {
    const db = new Client({ connectionString: FAULTS_DATABASE_URL });
    await db.connect();
    const counter = new RowCounter(db);
    const tables = (await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)).rows
      .map((r: { table_name: string }) => r.table_name)
      .filter((t: string) => !EXCLUDED.test(t));
    counter.sql = `SELECT json_build_object(${tables.map((t: string) => `'${t}', (SELECT count(*) FROM "${t}")`).join(', ')}) AS counts`;
    return counter;
  }

  async counts(): Promise<Record<string, number>> {
    return (await this.db.query(this.sql)).rows[0].counts;
  }

  close(): Promise<void> {
    return this.db.end();
  }
}

/** Tables whose count differs, as "table: before -> after". */
export function diff(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t]} -> ${after[t]}`);
}
