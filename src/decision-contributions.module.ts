import { Global, Module } from '@nestjs/common';
import { DecisionContributions } from './modules/decisions/decision-contributions';
import { StepDownDecisionHooks } from './modules/step-downs/step-down-decision-hooks';
import { StepDownsCoreModule } from './modules/step-downs/step-downs-core.module';
import { StrategyHeldGuard } from './modules/strategy/strategy-held.guard';
import { StrategyRequestsService } from './modules/strategy/strategy-requests.service';
import { StrategyModule } from './modules/strategy/strategy.module';

/**
 * What other features add to a threshold decision, and in which order; the one place to read it.
 * Decisions depends on none of these features (they build on decisions), so the list is made here,
 * where the application is put together, and DecisionsService runs it.
 *
 * Guards run when a decision is recorded, in this order; their findings block the decision unless a
 * manager overrides them with a reason:
 *   1. STR-2: a strategy discussion is required (strategy).
 *   2. STEP-3: step-down blocks on an early_help decision (step-downs; a sexual abuse concern refuses outright).
 * Effects run in the decision's transaction when it becomes final, in this order, after decisions'
 * own follow-up (FinalDecisionFollowUp: the RAG-5 clocks and outcome feedback):
 *   1. A strategy_discussion decision becomes a strategy discussion request (strategy).
 *   2. An early_help decision proposes the step-down (step-downs; may still refuse the decision).
 */
@Global()
@Module({
  imports: [StrategyModule, StepDownsCoreModule],
  providers: [
    {
      provide: DecisionContributions,
      inject: [StrategyHeldGuard, StepDownDecisionHooks, StrategyRequestsService],
      useFactory: (str2: StrategyHeldGuard, stepDowns: StepDownDecisionHooks, strategy: StrategyRequestsService) =>
        new DecisionContributions(
          [str2, stepDowns],
          [
            { name: 'strategy.request-from-decision', onFinal: async (em, decision, actor) => void (await strategy.fromDecision(em, decision, actor)) },
            stepDowns,
          ],
        ),
    },
  ],
  exports: [DecisionContributions],
})
export class DecisionContributionsModule {}
