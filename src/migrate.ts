import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { runMigrations } from './database/run-migrations';

/** Creates the database if missing and applies migrations under an advisory lock. */
async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await runMigrations(config.databaseUrl, (m) => console.log(`migrate: ${m}`));
  console.log(applied.length ? `migrate: applied ${applied.join(', ')}` : 'migrate: database is up to date');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
