import { Module } from '@nestjs/common';
import { FeedbackCoreModule } from '../feedback/feedback-core.module';
import { MailModule } from '../mail/mail.module';
import { Str2Guard } from './str2-guard';
import { StrategyChronologySource } from './strategy-chronology.source';
import { StrategyController } from './strategy.controller';
import { StrategyMeetings } from './strategy-meetings.service';
import { StrategyMinutes } from './strategy-minutes.service';
import { strategyPortsProvider, strategyPortsImports } from './strategy-ports.binding';
import { StrategyQueries } from './strategy-queries.service';
import { StrategyRecording } from './strategy-record.service';
import { StrategyRequests } from './strategy-requests.service';

/**
 * Strategy discussions in the API (SPEC §7). Exports what it adds to a threshold decision (the STR-2
 * guard, and StrategyRequests, which turns a `strategy_discussion` decision into a request; listed in
 * src/decision-contributions.module.ts) and StrategyQueries for the dashboard (minutesNotReceivedCount). Its chronology source
 * (strategy events in the child's chronology) is found by the people module at start-up.
 */
@Module({
  imports: [FeedbackCoreModule, MailModule, ...strategyPortsImports],
  controllers: [StrategyController],
  providers: [strategyPortsProvider, Str2Guard, StrategyChronologySource, StrategyRequests, StrategyMeetings, StrategyRecording, StrategyMinutes, StrategyQueries],
  exports: [StrategyQueries, StrategyRequests, Str2Guard],
})
export class StrategyModule {}
