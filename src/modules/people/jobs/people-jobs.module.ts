import { Module, OnModuleInit } from '@nestjs/common';
import { CalendarJobsModule } from '../../calendar/calendar-jobs.module';
import { SweepRegistry } from '../../calendar/jobs/sweep-registry';
import { PeopleModule } from '../people.module';
import { HistoricalContactsRepository } from '../persistence/historical-contacts.repository';
import { HistoryLinker } from './history-linker';

/** Every 5 s the worker links imported history for up to 2 s: at most 40% of a worker's time. */
const LINK_EVERY_MS = 5000;
const LINK_BUDGET_MS = 2000;

/** Worker side of people: the sweep that links imported historical contacts to the person index. */
@Module({
  imports: [PeopleModule, CalendarJobsModule],
  providers: [HistoryLinker, HistoricalContactsRepository],
})
export class PeopleJobsModule implements OnModuleInit {
  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly linker: HistoryLinker,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ jobName: 'people.link-history', everyMs: LINK_EVERY_MS, runAtStart: true, run: () => this.linker.linkSome(LINK_BUDGET_MS) });
  }
}
