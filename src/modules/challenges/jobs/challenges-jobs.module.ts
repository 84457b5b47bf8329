import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CalendarJobsModule } from '../../calendar/calendar-jobs.module';
import { ClocksModule } from '../../calendar/clocks.module';
import { SweepRegistry } from '../../calendar/jobs/sweep-registry';
import { EscalationConfig } from '../domain/escalation';
import { ESCALATION_CONFIG, escalationConfigProvider } from '../escalation-config';
import { ChallengeEscalationService } from './challenge-escalation.service';

export const CHALLENGE_ESCALATION_JOB = 'challenges.escalate';

/** Worker side of challenges: the escalation sweep, a job scheduler on QUEUES.sweeps run by the calendar's one sweep processor. */
@Module({
  imports: [ClocksModule, CalendarJobsModule],
  providers: [escalationConfigProvider, ChallengeEscalationService],
})
export class ChallengesJobsModule implements OnModuleInit {
  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly escalation: ChallengeEscalationService,
    @Inject(ESCALATION_CONFIG) private readonly config: EscalationConfig,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ jobName: CHALLENGE_ESCALATION_JOB, everyMs: this.config.sweepEverySeconds * 1000, runAtStart: true, run: () => this.escalation.sweepOnce() });
  }
}
