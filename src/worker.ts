import './common/require-node';
import 'reflect-metadata';
import { createWorker } from './bootstrap-worker';
import { ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  loadConfig(); // fail fast with every bad value named, before Nest starts
  await createWorker();
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
