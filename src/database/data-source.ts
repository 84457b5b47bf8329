import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadMigrationConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** Used by the TypeORM CLI (migration:generate, migration:check): connects as the schema owner. */
const AppDataSource = new DataSource(dataSourceOptions(loadMigrationConfig().ownerDatabaseUrl, { applicationName: 'mash-triage-cli' }));
export default AppDataSource;
