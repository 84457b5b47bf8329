import { Module } from '@nestjs/common';
import { CaseworkModule } from './casework/casework.module';
import { ChallengesModule } from '../modules/challenges/challenges.module';
import { ContactsModule } from '../modules/contacts/contacts.module';
import { FeedbackModule } from '../modules/feedback/feedback.module';
import { StrategyModule } from '../modules/strategy/strategy.module';
import { AdministrationPagesModule } from './administration/administration-pages.module';
import { ProfessionalController } from './controllers/professional.controller';
import { PublicReferralController } from './controllers/public-referral.controller';
import { SignInController } from './controllers/sign-in.controller';
import { MashPagesModule } from './mash/mash.module';
import { ReferralRules } from './referral/referral-rules';
import { PartnersPagesModule } from './partners/partners.module';
import { OversightPagesModule } from './oversight/oversight-pages.module';

/**
 * Web pages (SPEC §16), in src/web: controllers that call the feature modules' exported use cases
 * with the same Actor as the JSON API. Registered last, after the API's routes.
 */
@Module({
  imports: [ContactsModule, FeedbackModule, ChallengesModule, StrategyModule, AdministrationPagesModule, PartnersPagesModule, OversightPagesModule, CaseworkModule, MashPagesModule],
  controllers: [SignInController, PublicReferralController, ProfessionalController],
  // AuthService (exported by the global AuthModule) signs in exactly as the API's token route does.
  providers: [ReferralRules],
})
export class WebModule {}
