import { Module } from '@nestjs/common';
import { ChallengesModule } from '../../modules/challenges/challenges.module';
import { ChecksModule } from '../../modules/checks/checks.module';
import { ContactsModule } from '../../modules/contacts/contacts.module';
import { DecisionsModule } from '../../modules/decisions/decisions.module';
import { StepDownsCoreModule } from '../../modules/step-downs/step-downs-core.module';
import { StrategyModule } from '../../modules/strategy/strategy.module';
import { TriageCoreModule } from '../../modules/triage/triage-core.module';
import { TriageModule } from '../../modules/triage/triage.module';
import { CaseContext } from './case-context';
import { CheckPagesController } from './checks.controller';
import { DecisionPagesController } from './decision.controller';
import { ManagerPagesController } from './manager.controller';
import { StepDownPagesController } from './step-down.controller';
import { StrategyPagesController } from './strategy.controller';
import { DirectoryRepository } from './persistence/directory.repository';

/**
 * The MASH worker's and manager's case pages (SPEC WEB-4): agency checks, threshold decisions,
 * strategy discussions, step-up and step-down, and the manager's approvals, override register,
 * reassignment, challenges and strategy declines. Each page calls the use case behind the matching
 * API route with the same actor, so guards, scoping and audit events are the API's own.
 */
@Module({
  imports: [ContactsModule, TriageCoreModule, TriageModule, ChecksModule, DecisionsModule, StepDownsCoreModule, StrategyModule, ChallengesModule],
  controllers: [DecisionPagesController, CheckPagesController, ManagerPagesController, StepDownPagesController, StrategyPagesController],
  providers: [CaseContext, DirectoryRepository],
})
export class CaseworkModule {}
