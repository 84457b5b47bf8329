import { Module } from '@nestjs/common';
import { QueueRegistry } from '../queue/queue-registry';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [HealthController, MetricsController], providers: [QueueRegistry] })
export class HealthModule {}
