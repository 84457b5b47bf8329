import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboxService } from './outbox.service';
import { ALL_QUEUES, DEFAULT_JOB_OPTIONS } from './queue-names';
import { redisOptions } from './redis-connection';

/**
 * BullMQ on Redis. The API only needs queues to report depth and show Bull Board (it never
 * enqueues: the outbox does); the worker process uses blocking connections.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(role: 'api' | 'worker'): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: redisOptions(config.redisUrl, role === 'worker' ? 'worker' : 'producer') as ConnectionOptions,
            prefix: config.queuePrefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [OutboxService],
      exports: [BullModule, OutboxService],
    };
  }
}
