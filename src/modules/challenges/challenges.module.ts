import { Module, OnModuleInit } from '@nestjs/common';
import { ClocksModule } from '../calendar/clocks.module';
import { DecisionsOnTriageModule } from '../decisions/triage-bindings/decisions-on-triage.module';
import { ChallengeTargets, decisionTarget, gradeTarget } from './challenge-targets';
import { ChallengesController } from './challenges.controller';
import { ChallengesService } from './challenges.service';
import { escalationConfigProvider } from './escalation-config';
import { ChallengeDecisionChange, DecisionsServiceDecisionChange } from './challenge-decision-change';
import { ProfessionalsMeetingsService } from './professionals-meetings.service';

/**
 * Challenges and professionals-only meetings (SPEC ESC-1, ESC-2), HTTP side. ChallengeTargets is
 * exported so strategy discussions and step-downs can register their targets.
 */
@Module({
  imports: [ClocksModule, DecisionsOnTriageModule],
  controllers: [ChallengesController],
  providers: [
    escalationConfigProvider,
    ChallengeTargets,
    ChallengesService,
    ProfessionalsMeetingsService,
    { provide: ChallengeDecisionChange, useClass: DecisionsServiceDecisionChange },
  ],
  exports: [ChallengeTargets, ChallengesService],
})
export class ChallengesModule implements OnModuleInit {
  constructor(private readonly targets: ChallengeTargets) {}

  onModuleInit(): void {
    this.targets.register(decisionTarget);
    this.targets.register(gradeTarget);
  }
}
