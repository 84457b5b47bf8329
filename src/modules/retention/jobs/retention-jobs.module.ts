import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CalendarJobsModule } from '../../calendar/calendar-jobs.module';
import { SweepRegistry } from '../../calendar/jobs/sweep-registry';
import type { RetentionPolicy } from '../domain/retention-policy';
import { RETENTION_POLICY } from '../retention-config';
import { RetentionCoreModule } from '../retention-core.module';
import { RetentionService } from '../retention.service';

/** The retention purge in the worker: job `retention.purge` on the shared sweeps queue, also run at start. */
@Module({
  imports: [CalendarJobsModule, RetentionCoreModule],
})
export class RetentionJobsModule implements OnModuleInit {
  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly retention: RetentionService,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  onModuleInit(): void {
    void this.retention.warnIfPolicyDiffers().catch(() => undefined); // a database that is down is reported by the sweep itself
    this.sweeps.register({ jobName: 'retention.purge', everyMs: this.policy.sweepEverySeconds * 1000, runAtStart: true, run: () => this.retention.purge() });
  }
}
