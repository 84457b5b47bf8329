import { Module } from '@nestjs/common';
import { FeedbackCoreModule } from '../feedback/feedback-core.module';
import { MailModule } from '../mail/mail.module';
import { StrategyHeldGuard } from './strategy-held.guard';
import { StrategyChronologySource } from './strategy-chronology.source';
import { StrategyController } from './strategy.controller';
import { StrategyDeclineChallenges } from './strategy-decline-challenges.service';
import { StrategyMeetingsService } from './strategy-meetings.service';
import { StrategyMinutes } from './strategy-minutes.service';
import { strategyPortsProvider, strategyPortsImports } from './strategy-ports.binding';
import { StrategyQueriesService } from './strategy-queries.service';
import { StrategyRecordService } from './strategy-record.service';
import { StrategyRequestsService } from './strategy-requests.service';

/**
 * Strategy discussions in the API (SPEC §7). Exports what it adds to a threshold decision (the STR-2
 * guard StrategyHeldGuard, and StrategyRequestsService, which turns a `strategy_discussion` decision
 * into a request; listed in src/decision-contributions.module.ts) and StrategyQueriesService for the
 * dashboard (minutesNotReceivedCount), and StrategyDeclineChallenges for challenges of a declined request. Its chronology source
 * (strategy events in the child's chronology) is found by the people module at start-up.
 */
@Module({
  imports: [FeedbackCoreModule, MailModule, ...strategyPortsImports],
  controllers: [StrategyController],
  providers: [strategyPortsProvider, StrategyHeldGuard, StrategyChronologySource, StrategyRequestsService, StrategyMeetingsService, StrategyRecordService, StrategyMinutes, StrategyQueriesService, StrategyDeclineChallenges],
  exports: [StrategyQueriesService, StrategyRequestsService, StrategyHeldGuard, StrategyMeetingsService, StrategyRecordService, StrategyMinutes, StrategyDeclineChallenges],
})
export class StrategyModule {}
