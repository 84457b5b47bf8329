import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** Used by the TypeORM CLI (migration:generate, migration:check). */
const AppDataSource = new DataSource(dataSourceOptions(loadConfig().databaseUrl, { applicationName: 'mash-triage-cli' }));
export default AppDataSource;
