import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { QueryErrorLogger } from './query-error-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one set of DataSource options, shared by the API, the worker, the migration runner and the
 * TypeORM CLI. Entities and migrations are found by file name so that feature modules only need
 * to follow the naming convention (*.entity.ts, migrations/<timestamp>-<Name>.ts).
 */
export function dataSourceOptions(databaseUrl: string, extra: { poolSize?: number; applicationName?: string } = {}): DataSourceOptions {
  const root = join(__dirname, '..', '..'); // project root (ts) or dist (js)
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [join(root, 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(root, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto', // gen_random_uuid() is built into Postgres 13+
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    logger: new QueryErrorLogger(),
    maxQueryExecutionTime: 1000,
    applicationName: extra.applicationName ?? 'mash-triage',
    extra: { max: extra.poolSize ?? 20 },
  };
}
