import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CalendarJobsModule } from '../modules/calendar/calendar-jobs.module';
import { SweepRegistry } from '../modules/calendar/jobs/sweep-registry';
import { WebSessionRepository } from './persistence/web-session.repository';

export const WEB_SESSION_SWEEP_JOB = 'web-sessions.sweep';

/** Worker side of the web layer: expired sessions are swept here, once, not by a timer in every API process. */
@Module({
  imports: [CalendarJobsModule],
  providers: [WebSessionRepository],
})
export class WebJobsModule implements OnModuleInit {
  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly sessions: WebSessionRepository,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ jobName: WEB_SESSION_SWEEP_JOB, everyMs: 15 * 60_000, runAtStart: true, run: () => this.sessions.deleteExpired(this.now()) });
  }
}
