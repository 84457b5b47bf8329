import { Module, OnModuleInit } from '@nestjs/common';
import { CalendarJobsModule } from '../calendar/calendar-jobs.module';
import { SweepRegistry } from '../calendar/jobs/sweep-registry';
import { PeopleModule } from '../people/people.module';
import { ContactChangesService } from './contact-changes.service';
import { TriageProcessor } from './jobs/triage.processor';
import { UNGRADED_SWEEP_JOB, UngradedSweep } from './jobs/ungraded-sweep';
import { ProvisionalGradingService } from './provisional-grading.service';
import { TriageCoreModule } from './triage-core.module';
import { UngradedContactsService } from './ungraded-contacts.service';

/**
 * Worker side of triage: the `triage` queue's processor (provisional grading, SPEC RAG-2) and the
 * sweep that queues again the grading of contacts still ungraded past their limit.
 */
@Module({
  imports: [TriageCoreModule, PeopleModule, CalendarJobsModule],
  providers: [TriageProcessor, ProvisionalGradingService, UngradedSweep, ContactChangesService],
})
export class TriageJobsModule implements OnModuleInit {
  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly sweep: UngradedSweep,
    private readonly ungraded: UngradedContactsService,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ jobName: UNGRADED_SWEEP_JOB, everyMs: this.ungraded.config.sweepEverySeconds * 1000, runAtStart: true, run: () => this.sweep.sweepOnce() });
  }
}
