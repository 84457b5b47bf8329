import { Module } from '@nestjs/common';
import { ChallengesModule } from '../../modules/challenges/challenges.module';
import { ChecksModule } from '../../modules/checks/checks.module';
import { ContactsModule } from '../../modules/contacts/contacts.module';
import { StepDownsCoreModule } from '../../modules/step-downs/step-downs-core.module';
import { StrategyModule } from '../../modules/strategy/strategy.module';
import { AgencyPagesController } from './agency.controller';
import { PartnerAreaPages } from './partner-area.service';
import { PolicePagesController } from './police.controller';

/** Pages of the police (/police) and partner agencies (/agency) (SPEC WEB-4). */
@Module({
  imports: [ContactsModule, ChecksModule, StrategyModule, StepDownsCoreModule, ChallengesModule],
  controllers: [PolicePagesController, AgencyPagesController],
  providers: [PartnerAreaPages],
})
export class PartnersPagesModule {}
