import './common/require-node';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ensureBootstrapAdmin } from './auth/bootstrap-admin';
import { ConfigError, loadConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { seedDemo } from './seed/seed-demo';

/** Bootstrap admin always; demo agencies and users only when NODE_ENV=development (`npm run seed` sets it). */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl, { poolSize: 2 })).initialize();
  try {
    if (await ensureBootstrapAdmin(dataSource, config)) console.log(`seed: created administrator ${config.adminEmail}`);
    if (config.nodeEnv !== 'development') {
      console.log(`seed: NODE_ENV=${config.nodeEnv}, demo data not seeded (development only)`);
      return;
    }
    console.log(`seed: demo data ready (${await seedDemo(dataSource)} new users)`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
