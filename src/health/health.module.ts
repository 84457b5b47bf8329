import { Module } from '@nestjs/common';
import { TriageCoreModule } from '../modules/triage/triage-core.module';
import { QueueRegistry } from '../queue/queue-registry';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

@Module({ imports: [TriageCoreModule], controllers: [HealthController, MetricsController], providers: [QueueRegistry] })
export class HealthModule {}
