import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AccountsJobsModule } from './auth/jobs/accounts-jobs.module';
import { loggerParams } from './common/logging';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { FEATURE_JOB_MODULES } from './feature-modules';
import { OutboxRelayService } from './queue/outbox-relay.service';
import { OutboxRelayRepository } from './queue/persistence/outbox.repository';
import { QueueModule } from './queue/queue.module';
import { QueueRegistry } from './queue/queue-registry';
import { WebJobsModule } from './web/web-jobs.module';
import { WorkerRuntime } from './worker-runtime.service';

/** The worker process: BullMQ processors, the outbox relay, the audit sealer and scheduled sweeps. */
@Module({
  imports: [
    CoreModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerParams(config) }),
    QueueModule.forRoot('worker'),
    AccountsJobsModule,
    ...FEATURE_JOB_MODULES,
    WebJobsModule,
  ],
  providers: [QueueRegistry, OutboxRelayRepository, OutboxRelayService, WorkerRuntime],
  exports: [OutboxRelayService],
})
export class WorkerModule {}
