import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CalendarJobsModule } from '../calendar/calendar-jobs.module';
import { SweepRegistry } from '../calendar/jobs/sweep-registry';
import { MailModule } from '../mail/mail.module';
import { AcceptanceNotifier } from './jobs/acceptance-notifier';
import { StepDownsProcessor } from './jobs/step-downs.processor';
import { StepDownsCoreModule } from './step-downs-core.module';
import { STEP_DOWNS_CONFIG, StepDownsConfig } from './step-downs-config';
import { StepDownsService } from './step-downs.service';

/**
 * Step-downs in the worker: acceptance notices (queue `step-downs`) and the hard-limit sweep
 * (job `step-downs.sweep` on the shared sweeps queue, also run once at worker start).
 */
@Module({
  imports: [StepDownsCoreModule, CalendarJobsModule, MailModule],
  providers: [StepDownsProcessor, AcceptanceNotifier],
})
export class StepDownsJobsModule implements OnModuleInit {
  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly stepDowns: StepDownsService,
    @Inject(STEP_DOWNS_CONFIG) private readonly config: StepDownsConfig,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ jobName: 'step-downs.sweep', everyMs: this.config.sweepEverySeconds * 1000, runAtStart: true, run: () => this.stepDowns.sweepHardLimit() });
  }
}
