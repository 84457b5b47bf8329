import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { outboxRows } from './persistence/outbox.repository';
import { QueueName } from './queue-names';

export interface OutboxEntry {
  queue: QueueName;
  jobName: string;
  jobId: string;
  payload: Record<string, unknown>;
  /** Not before this time (e.g. a delayed retry); default now. */
  availableAt?: Date;
}

/** Adds outbox rows inside the caller's transaction. Never enqueue to Redis inside a transaction. */
@Injectable()
export class OutboxService {
  async add(em: EntityManager, ...entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await outboxRows.insert(
      em,
      entries.map((e) => ({ queue: e.queue, job_name: e.jobName, job_id: e.jobId, payload: e.payload, available_at: e.availableAt?.toISOString() ?? null })),
    );
  }
}
