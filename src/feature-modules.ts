import type { Type } from '@nestjs/common';
import { CalendarJobsModule } from './modules/calendar/calendar-jobs.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { ChecksModule } from './modules/checks/checks.module';
import { ContactsModule } from './modules/contacts/contacts.module';
import { DecisionsModule } from './modules/decisions/decisions.module';
import { DecisionExtensionsModule } from './modules/decisions/extensions/decision-extensions';
import { FeedbackJobsModule } from './modules/feedback/feedback-jobs.module';
import { FeedbackModule } from './modules/feedback/feedback.module';
import { PeopleModule } from './modules/people/people.module';
import { TriageJobsModule } from './modules/triage/triage-jobs.module';
import { TriageModule } from './modules/triage/triage.module';

/** Feature modules (src/modules/<feature>) served by the API. Each issue adds its module here. */
export const FEATURE_MODULES: Type[] = [
  DecisionExtensionsModule, PeopleModule, ContactsModule, TriageModule, CalendarModule, ChecksModule, DecisionsModule, FeedbackModule,
];

/** Feature job modules (processors, sweeps) run by the worker. */
export const FEATURE_JOB_MODULES: Type[] = [DecisionExtensionsModule, PeopleModule, TriageJobsModule, CalendarJobsModule, FeedbackJobsModule];
