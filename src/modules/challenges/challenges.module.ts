import { Module, OnModuleInit } from '@nestjs/common';
import { ClocksModule } from '../calendar/clocks.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { ChallengeTargets, decisionTarget, gradeTarget, strategyDeclineTarget } from './challenge-targets';
import { ChallengesController } from './challenges.controller';
import { ChallengesService } from './challenges.service';
import { escalationConfigProvider } from './escalation-config';
import { ProfessionalsMeetingsService } from './professionals-meetings.service';

/**
 * Challenges and professionals-only meetings (SPEC ESC-1, ESC-2), HTTP side. ChallengeTargets is
 * exported so strategy discussions and step-downs can register their targets.
 */
@Module({
  imports: [ClocksModule, DecisionsModule],
  controllers: [ChallengesController],
  providers: [
    escalationConfigProvider,
    ChallengeTargets,
    ChallengesService,
    ProfessionalsMeetingsService,
  ],
  exports: [ChallengeTargets, ChallengesService],
})
export class ChallengesModule implements OnModuleInit {
  constructor(private readonly targets: ChallengeTargets) {}

  onModuleInit(): void {
    this.targets.register(decisionTarget);
    this.targets.register(gradeTarget);
    this.targets.register(strategyDeclineTarget);
  }
}
