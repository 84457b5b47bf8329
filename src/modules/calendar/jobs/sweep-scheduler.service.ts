import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { withTimeout } from '../../../common/with-timeout';
import { QUEUES } from '../../../queue/queue-names';
import { SLA_CONFIG } from '../clocks-config';
import type { SlaConfig } from '../domain/sla-config';
import { SlaSweepService } from '../sla-sweep.service';
import { SweepDefinition, SweepRegistry } from './sweep-registry';

export const SLA_SWEEP_JOB = 'sla.sweep';
const SCHEDULE_TIMEOUT_MS = 5000;

/**
 * Registers the SLA sweep and keeps a BullMQ job scheduler per registered sweep (BullMQ 6: job
 * schedulers, no `repeat` job option). Schedulers live in Redis, so several workers share one
 * schedule and each run is taken by one worker. Each sweep also runs once at start, so a breach
 * that fell due while every worker was down is found at once (REL-5). Scheduling never blocks the
 * start: with Redis down it is retried until Redis answers.
 */
@Injectable()
export class SweepSchedulerService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweepSchedulerService.name);
  private readonly startRuns = new Set<Promise<unknown>>();
  private stopping = false;
  /** Wakes the retry waits at shutdown. */
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly registry: SweepRegistry,
    @InjectQueue(QUEUES.sweeps) private readonly queue: Queue,
    private readonly slaSweep: SlaSweepService,
    @Inject(SLA_CONFIG) private readonly sla: SlaConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ jobName: SLA_SWEEP_JOB, everyMs: this.sla.sweepEverySeconds * 1000, runAtStart: true, run: () => this.slaSweep.sweepOnce() });
  }

  onApplicationBootstrap(): void {
    for (const sweep of this.registry.all()) {
      // Never awaited: a worker must start (and relay, and sweep) while Redis is down (REL-2).
      void this.schedule(sweep);
      if (sweep.runAtStart) {
        const run = sweep
          .run()
          .catch((error) => this.logger.error({ sweep: sweep.jobName, err: (error as Error).message }, 'sweep at start failed'))
          .finally(() => this.startRuns.delete(run));
        this.startRuns.add(run);
      }
    }
  }

  /** Sets the job scheduler in Redis, retrying every 30 s while Redis cannot be reached. */
  private async schedule(sweep: SweepDefinition): Promise<void> {
    while (!this.stopping) {
      try {
        const upsert = this.queue.upsertJobScheduler(sweep.jobName, { every: sweep.everyMs }, { name: sweep.jobName, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } });
        upsert.catch(() => undefined); // it may settle after the timeout below
        await withTimeout(upsert, SCHEDULE_TIMEOUT_MS, `Redis did not answer within ${SCHEDULE_TIMEOUT_MS} ms`);
        return;
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn({ sweep: sweep.jobName, err: (error as Error).message }, 'could not schedule the sweep yet; retrying in 30 s');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(wake, 30_000);
          function wake() {
            clearTimeout(timer);
            resolve();
          }
          this.wakers.add(wake);
        }).finally(() => this.wakers.clear());
      }
    }
  }

  /** Resolves when the sweeps run at start have finished (tests wait on it rather than sleep). */
  async startRunsFinished(): Promise<void> {
    await Promise.all([...this.startRuns]);
  }

  /** Lets a start run finish before the database pool closes. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    await Promise.all([...this.startRuns]);
  }
}
