import type { DynamicModule, Type } from '@nestjs/common';
import { CalendarJobsModule } from './modules/calendar/calendar-jobs.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { ChallengesJobsModule } from './modules/challenges/jobs/challenges-jobs.module';
import { ChallengesModule } from './modules/challenges/challenges.module';
import { ChecksModule } from './modules/checks/checks.module';
import { ContactsModule } from './modules/contacts/contacts.module';
import { DecisionsModule } from './modules/decisions/decisions.module';
import { DecisionExtensionsModule } from './modules/decisions/extensions/decision-extensions';
import { DecisionsOnTriageModule } from './modules/decisions/triage-bindings/decisions-on-triage.module';
import { FeedbackJobsModule } from './modules/feedback/feedback-jobs.module';
import { FeedbackModule } from './modules/feedback/feedback.module';
import { OversightModule } from './modules/oversight/oversight.module';
import { PeopleJobsModule } from './modules/people/jobs/people-jobs.module';
import { PeopleModule } from './modules/people/people.module';
import { RetentionJobsModule } from './modules/retention/jobs/retention-jobs.module';
import { RetentionModule } from './modules/retention/retention.module';
import { StepDownsJobsModule } from './modules/step-downs/step-downs-jobs.module';
import { StepDownsModule } from './modules/step-downs/step-downs.module';
import { StrategyJobsModule } from './modules/strategy/strategy-jobs.module';
import { StrategyModule } from './modules/strategy/strategy.module';
import { TriageJobsModule } from './modules/triage/triage-jobs.module';
import { TriageModule } from './modules/triage/triage.module';

/** Feature modules (src/modules/<feature>) served by the API. Each issue adds its module here. */
export const FEATURE_MODULES: (Type | DynamicModule)[] = [
  DecisionExtensionsModule, PeopleModule, ContactsModule, TriageModule, CalendarModule, ChecksModule, DecisionsModule, FeedbackModule,
  DecisionsOnTriageModule, StrategyModule, StepDownsModule, OversightModule, ChallengesModule, RetentionModule,
];

/** Feature job modules (processors, sweeps) run by the worker. */
export const FEATURE_JOB_MODULES: Type[] = [
  DecisionExtensionsModule, PeopleModule, TriageJobsModule, CalendarJobsModule, FeedbackJobsModule, StrategyJobsModule, StepDownsJobsModule,
  ChallengesJobsModule, PeopleJobsModule, RetentionJobsModule,
];
