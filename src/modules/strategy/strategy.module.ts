import { Module, OnModuleInit } from '@nestjs/common';
import { DecisionExtensions } from '../decisions/extensions/decision-extensions';
import { FeedbackCoreModule } from '../feedback/feedback-core.module';
import { StrategyHeldGuard } from './strategy-held.guard';
import { StrategyChronologySource } from './strategy-chronology.source';
import { StrategyController } from './strategy.controller';
import { StrategyMeetingsService } from './strategy-meetings.service';
import { StrategyMinutes } from './strategy-minutes.service';
import { StrategyPorts } from './strategy-ports';
import { strategyPortsProvider, strategyPortsImports } from './strategy-ports.binding';
import { StrategyQueriesService } from './strategy-queries.service';
import { StrategyRecordService } from './strategy-record.service';
import { StrategyRequestsService } from './strategy-requests.service';

/**
 * Strategy discussions in the API (SPEC §7). Registers with the decisions module: the STR-2 guard
 * (decision screen) and the final-decision effect that turns a `strategy_discussion` decision into a
 * request. Exports StrategyQueriesService for the dashboard (minutesNotReceivedCount). Its chronology source
 * (strategy events in the child's chronology) is found by the people module at start-up.
 */
@Module({
  imports: [FeedbackCoreModule, ...strategyPortsImports],
  controllers: [StrategyController],
  providers: [strategyPortsProvider, StrategyChronologySource, StrategyRequestsService, StrategyMeetingsService, StrategyRecordService, StrategyMinutes, StrategyQueriesService],
  exports: [StrategyQueriesService, StrategyRequestsService],
})
export class StrategyModule implements OnModuleInit {
  constructor(
    private readonly extensions: DecisionExtensions,
    private readonly ports: StrategyPorts,
    private readonly requests: StrategyRequestsService,
  ) {}

  onModuleInit(): void {
    this.extensions.addGuard(new StrategyHeldGuard(this.ports));
    this.extensions.addEffect({ name: 'strategy.request-from-decision', onFinal: async (em, decision, actor) => void (await this.requests.fromDecision(em, decision, actor)) });
  }
}
