import type { Type } from '@nestjs/common';
import { CalendarJobsModule } from './modules/calendar/calendar-jobs.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { PeopleModule } from './modules/people/people.module';
import { TriageJobsModule } from './modules/triage/triage-jobs.module';
import { TriageModule } from './modules/triage/triage.module';

/** Feature modules (src/modules/<feature>) served by the API. Each issue adds its module here. */
export const FEATURE_MODULES: Type[] = [PeopleModule, TriageModule, CalendarModule];

/** Feature job modules (processors, sweeps) run by the worker. */
export const FEATURE_JOB_MODULES: Type[] = [PeopleModule, TriageJobsModule, CalendarJobsModule];
