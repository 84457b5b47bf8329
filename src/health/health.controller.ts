import { Controller, Get, Inject, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type IORedis from 'ioredis';
import { PublicRoute } from '../auth/access.decorator';
import { withTimeout } from '../common/with-timeout';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { QueueRegistry } from '../queue/queue-registry';
import { createRedis } from '../queue/redis-connection';
import { databaseProbe } from './persistence/database-probe.repository';
import { UngradedContactsService } from '../modules/triage/ungraded-contacts.service';

@ApiTags('operations')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly redis: IORedis;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly queues: QueueRegistry,
    private readonly ungraded: UngradedContactsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = createRedis(config.redisUrl, 'probe');
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  @Get('live')
  @PublicRoute()
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @PublicRoute()
  @ApiOperation({ summary: 'Postgres and Redis reachable (503 when either is down), with queue depth and the contacts still ungraded past their limit' })
  async ready() {
    const [postgres, redis] = await Promise.all([
      withTimeout(this.uow.read((em) => databaseProbe.ping(em)), 2000).then(() => 'up', () => 'down'),
      withTimeout(this.redis.ping(), 1000).then(() => 'up', () => 'down'),
    ]);
    // Contacts nobody has graded past config/grading.yaml's limit (SPEC RAG-2): work that is not moving.
    const ungradedPastLimit = postgres === 'up' ? await withTimeout(this.ungraded.overdueCount(), 2000).catch(() => -1) : -1;
    let queues: Record<string, number> = {};
    if (redis === 'up') {
      const depths = await Promise.all(
        this.queues.all().map(async (q) => [q.name, await withTimeout(q.count(), 1000).catch(() => -1)] as const),
      );
      queues = Object.fromEntries(depths);
    }
    const body = { status: postgres === 'up' && redis === 'up' ? 'ok' : 'unavailable', postgres, redis, queues, contacts: { ungradedPastLimit } };
    const down = Object.entries({ postgres, redis }).filter(([, state]) => state === 'down').map(([name]) => name);
    if (down.length) {
      throw new ServiceUnavailableException({
        message: `Not ready: ${down.join(' and ')} unreachable`,
        details: down.map((name) => ({ field: name, rule: 'reachable', message: `${name} is not reachable` })),
      });
    }
    return body;
  }
}
