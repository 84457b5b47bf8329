import type { DataSource } from 'typeorm';
import { RetentionRepository } from './persistence/retention.repository';
import { loadRetentionPolicy } from './retention-config';

/**
 * Writes config/retention.yaml's periods into the database, where the purge reads them. Run by the
 * schema owner after migrating (the migrate job, the development runner, the tests' global setup):
 * the application's role may read the periods but never change them.
 */
export async function applyRetentionPolicy(ownerDataSource: DataSource, configDir: string): Promise<void> {
  await new RetentionRepository(ownerDataSource).applyPolicy(loadRetentionPolicy(configDir));
}
