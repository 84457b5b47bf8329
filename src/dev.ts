import './common/require-node';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ensureBootstrapAdmin } from './auth/bootstrap-admin';
import { createApi } from './bootstrap-api';
import { createWorker } from './bootstrap-worker';
import { ConfigError, loadConfig } from './config/app-config';
import { runMigrations } from './database/run-migrations';
import { applyRetentionPolicy } from './modules/retention/apply-retention-policy';
import { DEMO_USERS } from './seed/demo-data';
import { seedDemoCases } from './seed/demo-cases';
import { seedDemo } from './seed/seed-demo';

/**
 * `npm run dev`: one process, rebuilt on change by `nest start --watch`. Creates the database if it
 * is missing, migrates, seeds demo data, then runs the API and the worker side by side.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.nodeEnv !== 'development') throw new Error('npm run dev is for development (NODE_ENV=development); use npm start and npm run start:worker');
  const applied = await runMigrations(config.databaseUrl, (m) => console.log(`dev: ${m}`));
  console.log(applied.length ? `dev: applied migrations ${applied.join(', ')}` : 'dev: database is up to date');

  const api = await createApi();
  await applyRetentionPolicy(api.get(DataSource), config.configDir);
  await ensureBootstrapAdmin(api.get(DataSource), config);
  await seedDemo(api.get(DataSource));
  await createWorker();
  // A caseload for the pages to show on first sign-in: after the worker starts, which grades it.
  await seedDemoCases(api, (m) => console.log(m));
  await api.listen(config.port);

  const base = `http://localhost:${config.port}`;
  console.log(
    [
      '',
      `  mash-triage is running (API and worker in one process)`,
      `  Web pages  ${base}/   (sign in at ${base}/sign-in)`,
      `  API        ${base}/api/v1`,
      `  API docs   ${base}/docs   (JSON: ${base}/docs-json)`,
      `  Health     ${base}/health/ready`,
      `  Queues     ${base}/admin/queues   (Bearer token of an admin or manager)`,
      '',
      '  Demo logins (development only; POST /api/v1/auth/token {email, password}):',
      `    ${'admin'.padEnd(13)} ${config.adminEmail.padEnd(28)} ${config.adminPassword}`,
      ...DEMO_USERS.map((u) => `    ${u.role.padEnd(13)} ${u.email.padEnd(28)} ${u.password}`),
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
