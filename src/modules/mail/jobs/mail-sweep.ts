import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '../../../database/unit-of-work';
import { OutboxService } from '../../../queue/outbox.service';
import { OutboundMessageRepository } from '../persistence/outbound-message.repository';
import { sendJob } from './mail-jobs';

/** How long a message may sit past its due attempt (or in `sending`) before the sweep steps in. */
export const STUCK_AFTER_MS = 5 * 60_000;
const BATCH = 200;
const SWEEP_EVERY_MS = 60_000;

/**
 * "Never lost" (SPEC FB-4, REL-5) when a job is: Redis lost its data, or BullMQ gave up on a job
 * after repeated infrastructure errors. The database is the truth: every minute the sweep finds
 * pending messages well past their due attempt and `sending` ones whose worker is long gone, and
 * queues a fresh job for each through the outbox. The delivery protocol makes a needless job a no-op.
 * A timer in each worker, like the audit sealer: replicas share the work through SKIP LOCKED, and
 * nothing is left scheduled in Redis when a worker stops.
 */
@Injectable()
export class MailSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return; // never overlap
      this.running = this.sweep()
        .catch((error) => this.logger.warn({ err: (error as Error).message }, 'mail sweep failed; next try in a minute'))
        .finally(() => (this.running = undefined));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<number> {
    const now = this.now();
    return this.uow.run(async (em) => {
      const stuck = await this.messages.overdue(em, new Date(now.getTime() - STUCK_AFTER_MS), BATCH);
      for (const row of stuck) {
        // A new job id each time the sweep acts (the stamp moves on), so a job id BullMQ still
        // remembers from a lost or exhausted run can never swallow the new one.
        const pending = row.status === 'pending';
        const stamp = String((pending ? row.nextAttemptAt : row.lastAttemptAt)?.getTime() ?? 0);
        await this.outbox.add(em, sendJob(row.id, pending ? row.attempts + 1 : row.attempts, undefined, `swept.${stamp}`));
        await this.messages.touch(em, row.id, pending ? { nextAttemptAt: now } : { lastAttemptAt: now });
      }
      if (stuck.length) this.logger.warn({ count: stuck.length }, 'mail sweep re-queued messages whose jobs were missing');
      return stuck.length;
    });
  }
}
