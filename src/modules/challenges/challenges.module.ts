import { Module } from '@nestjs/common';
import { ClocksModule } from '../calendar/clocks.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { StepDownsCoreModule } from '../step-downs/step-downs-core.module';
import { StrategyModule } from '../strategy/strategy.module';
import { ChallengeTargets } from './challenge-targets';
import { ChallengesController } from './challenges.controller';
import { ChallengesService } from './challenges.service';
import { escalationConfigProvider } from './escalation-config';
import { ProfessionalsMeetingsService } from './professionals-meetings.service';

/**
 * Challenges and professionals-only meetings (SPEC ESC-1, ESC-2), HTTP side. What can be challenged
 * (decisions, grades, declined strategy requests, step-downs) is in ChallengeTargets.
 */
@Module({
  imports: [ClocksModule, DecisionsModule, StrategyModule, StepDownsCoreModule],
  controllers: [ChallengesController],
  providers: [
    escalationConfigProvider,
    ChallengeTargets,
    ChallengesService,
    ProfessionalsMeetingsService,
  ],
  exports: [ChallengesService],
})
export class ChallengesModule {}
