import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { ALL_QUEUES, QueueName } from './queue-names';

/** Looks up the BullMQ Queue for a name (used by the relay, health and Bull Board). */
@Injectable()
export class QueueRegistry implements OnModuleInit {
  private readonly logger = new Logger('Queue');
  private lastWarning = 0;

  constructor(private readonly moduleRef: ModuleRef) {}

  /** A Redis outage is reported once a minute at most, not once per reconnect attempt. */
  onModuleInit(): void {
    for (const queue of this.all()) {
      if (queue.listenerCount('error') > 0) continue;
      queue.on('error', (error) => {
        if (Date.now() - this.lastWarning < 60_000) return;
        this.lastWarning = Date.now();
        this.logger.warn({ queue: queue.name, err: error.message }, 'queue cannot reach Redis');
      });
    }
  }

  get(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  all(): Queue[] {
    return ALL_QUEUES.map((n) => this.get(n));
  }
}
