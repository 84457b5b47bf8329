import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ensureBootstrapAdmin } from '../../src/auth/bootstrap-admin';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/run-migrations';
import { applyRetentionPolicy } from '../../src/modules/retention/apply-retention-policy';
import { seedDemo } from '../../src/seed/seed-demo';
import { testCheckpointPath, testEnvironment } from './test-secrets';

/** A database as the tests start from: dropped, created, migrated (never synchronize), demo users seeded. */
export async function freshDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  await runMigrations(url);
  const ds = await new DataSource(dataSourceOptions(url, { poolSize: 2 })).initialize();
  const config = loadConfig(testEnvironment(url));
  await applyRetentionPolicy(ds, config.configDir);
  await ensureBootstrapAdmin(ds, config);
  await seedDemo(ds);
  await ds.destroy();
}

/** Drops the database and its audit checkpoints (the checkpoints describe a database that no longer exists). */
export async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  rmSync(testCheckpointPath(url), { force: true });
}
