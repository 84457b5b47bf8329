import { Module } from '@nestjs/common';
import { ClocksModule } from './clocks.module';
import { SweepProcessor } from './jobs/sweep.processor';
import { SweepRegistry } from './jobs/sweep-registry';
import { SweepSchedulerService } from './jobs/sweep-scheduler.service';
import { SlaSweepService } from './sla-sweep.service';

/** Worker side of the calendar: the sweeps queue's processor, the sweep schedules and the SLA sweep. */
@Module({
  imports: [ClocksModule],
  providers: [SweepRegistry, SweepProcessor, SweepSchedulerService, SlaSweepService],
  exports: [SweepRegistry, SlaSweepService],
})
export class CalendarJobsModule {}
