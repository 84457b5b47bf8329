import './common/require-node';
import 'reflect-metadata';
import { createApi } from './bootstrap-api';
import { drainOnShutdown } from './common/drain-on-shutdown';
import { keepAliveBeyondProxies } from './common/keep-alive';
import { APP_CONFIG, AppConfig, ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  loadConfig(); // fail fast with every bad value named, before Nest starts
  const app = await createApi();
  const config = app.get<AppConfig>(APP_CONFIG);
  keepAliveBeyondProxies(app.getHttpServer());
  drainOnShutdown(app.getHttpServer());
  await app.listen(config.port);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
