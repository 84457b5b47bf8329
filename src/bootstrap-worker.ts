import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { startDefaultMetrics } from './health/metrics';
import { WorkerModule } from './worker.module';

/** A Nest application context (no HTTP) with shutdown hooks: SIGTERM lets active jobs finish. */
export async function createWorker(): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  startDefaultMetrics();
  await app.init();
  return app;
}
