import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

// Any constant shared by every replica: only one process migrates at a time.
const MIGRATION_LOCK_KEY = 7_246_001;

/** Creates the database if needed and applies pending migrations under a Postgres advisory lock. */
export async function runMigrations(databaseUrl: string, log: (msg: string) => void = () => undefined): Promise<string[]> {
  if (await ensureDatabase(databaseUrl)) log('created database');
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, { poolSize: 2, applicationName: 'mash-triage-migrate' }) });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
