import './common/require-node';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ensureBootstrapAdmin } from './auth/bootstrap-admin';
import { ConfigError, loadMigrationConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { runMigrations } from './database/run-migrations';
import { applyRetentionPolicy } from './modules/retention/apply-retention-policy';

/**
 * The one-shot migrate job (compose `migrate`): as the schema owner, creates the database if
 * missing, applies migrations under an advisory lock (they create the app role and its grants),
 * writes config/retention.yaml's periods into the database, then creates the bootstrap
 * administrator from ADMIN_EMAIL / ADMIN_PASSWORD if it does not exist.
 * Without ADMIN_PASSWORD (a schema check in CI, say) it migrates only; NODE_ENV=production needs it
 * until the administrator exists (nobody could sign in otherwise).
 */
async function main(): Promise<void> {
  const config = loadMigrationConfig();
  const applied = await runMigrations(config.ownerDatabaseUrl, (m) => console.log(`migrate: ${m}`));
  console.log(applied.length ? `migrate: applied ${applied.join(', ')}` : 'migrate: database is up to date');
  const dataSource = await new DataSource(dataSourceOptions(config.ownerDatabaseUrl, { poolSize: 1, applicationName: 'mash-triage-migrate' })).initialize();
  try {
    await applyRetentionPolicy(dataSource, config.configDir);
    console.log('migrate: retention periods applied from retention.yaml');
    if (!config.adminPassword && process.env.NODE_ENV !== 'production') {
      console.log('migrate: ADMIN_PASSWORD not set, bootstrap administrator not checked');
      return;
    }
    const created = await ensureBootstrapAdmin(dataSource, config);
    console.log(created ? `migrate: created administrator ${config.adminEmail}` : `migrate: administrator ${config.adminEmail} exists`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
