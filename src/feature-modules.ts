import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { DecisionContributionsModule } from './decision-contributions.module';
import { CalendarJobsModule } from './modules/calendar/calendar-jobs.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { ChallengesJobsModule } from './modules/challenges/jobs/challenges-jobs.module';
import { ChallengesModule } from './modules/challenges/challenges.module';
import { ChecksModule } from './modules/checks/checks.module';
import { ContactTagsModule } from './modules/contact-tags/contact-tags.module';
import { ContactsModule } from './modules/contacts/contacts.module';
import { ReferrerFeedback } from './modules/contacts/referrer-feedback';
import { DecisionsModule } from './modules/decisions/decisions.module';
import { FeedbackJobsModule } from './modules/feedback/feedback-jobs.module';
import { FeedbackModule } from './modules/feedback/feedback.module';
import { FeedbackService } from './modules/feedback/feedback.service';
import { MailJobsModule } from './modules/mail/mail-jobs.module';
import { OversightModule } from './modules/oversight/oversight.module';
import { PeopleJobsModule } from './modules/people/jobs/people-jobs.module';
import { PeopleModule } from './modules/people/people.module';
import { RetentionJobsModule } from './modules/retention/jobs/retention-jobs.module';
import { RetentionModule } from './modules/retention/retention.module';
import { StepDownsJobsModule } from './modules/step-downs/step-downs-jobs.module';
import { StepDownsModule } from './modules/step-downs/step-downs.module';
import { StrategyModule } from './modules/strategy/strategy.module';
import { TriageJobsModule } from './modules/triage/triage-jobs.module';
import { TriageModule } from './modules/triage/triage.module';

/**
 * Contacts shows the referrer the feedback sent about their contacts, but feedback sits above
 * contacts (it reads contacts to compose messages): contacts declares ReferrerFeedback and this
 * binds feedback's service to it, so the dependency points one way.
 */
@Global()
@Module({
  imports: [FeedbackModule],
  providers: [{ provide: ReferrerFeedback, useFactory: (feedback: FeedbackService): ReferrerFeedback => feedback, inject: [FeedbackService] }],
  exports: [ReferrerFeedback],
})
export class ReferrerFeedbackBinding {}

/** Feature modules (src/modules/<feature>) served by the API. */
export const FEATURE_MODULES: (Type | DynamicModule)[] = [
  PeopleModule, ContactsModule, TriageModule, CalendarModule, ChecksModule, DecisionsModule, DecisionContributionsModule, FeedbackModule,
  StrategyModule, StepDownsModule, OversightModule, ChallengesModule, ReferrerFeedbackBinding, RetentionModule, ContactTagsModule,
];

/** Feature job modules (processors, sweeps) run by the worker. */
export const FEATURE_JOB_MODULES: Type[] = [
  PeopleModule, TriageJobsModule, CalendarJobsModule, FeedbackJobsModule, StepDownsJobsModule, MailJobsModule,
  ChallengesJobsModule, PeopleJobsModule, RetentionJobsModule,
];
