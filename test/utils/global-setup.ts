import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/run-migrations';
import { seedDemo } from '../../src/seed/seed-demo';
import { ensureBootstrapAdmin } from '../../src/auth/bootstrap-admin';
import { rmSync } from 'node:fs';
import { loadConfig } from '../../src/config/app-config';
import { captureDir, resetCapture } from './log-capture';
import { applyRetentionPolicy } from '../../src/modules/retention/apply-retention-policy';
import { testCheckpointPath, testEnvironment } from './test-secrets';

/** A fresh test database for every run: dropped, created, migrated (never synchronize), demo users seeded. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_test';
  resetCapture(process.env.LOG_CAPTURE_DIR ?? captureDir(url));
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  // A fresh trail: the previous run's checkpoints describe a database that no longer exists.
  rmSync(testCheckpointPath(url), { force: true });
  await runMigrations(url);
  const ds = await new DataSource(dataSourceOptions(url, { poolSize: 2 })).initialize();
  const config = loadConfig(testEnvironment(url));
  await applyRetentionPolicy(ds, config.configDir);
  await ensureBootstrapAdmin(ds, config);
  await seedDemo(ds);
  await ds.destroy();
}
