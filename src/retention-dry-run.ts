import './common/require-node';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { RetentionRepository } from './modules/retention/persistence/retention.repository';
import { loadRetentionPolicy } from './modules/retention/retention-config';

/**
 * `npm run retention:dry-run`: lists, one id a line, what the retention purge would delete now (the
 * periods the migrate job applied from config/retention.yaml): feedback ids, then contact ids.
 * Reads only; deletes nothing.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const policy = loadRetentionPolicy(config.configDir);
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl, { poolSize: 1, applicationName: 'mash-triage-retention-dry-run' })).initialize();
  try {
    const { contactIds, feedbackIds } = await new RetentionRepository(dataSource).allExpired(policy.batchSize);
    for (const id of feedbackIds) console.log(`feedback ${id}`);
    for (const id of contactIds) console.log(`contact ${id}`);
    console.error(`retention dry run (${policy.version}): ${contactIds.length} contacts and ${feedbackIds.length} feedback e-mails would be deleted; nothing under legal hold`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
