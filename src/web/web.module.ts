import { Module } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { ChallengesModule } from '../modules/challenges/challenges.module';
import { ContactsModule } from '../modules/contacts/contacts.module';
import { FeedbackModule } from '../modules/feedback/feedback.module';
import { StrategyModule } from '../modules/strategy/strategy.module';
import { ProfessionalController } from './controllers/professional.controller';
import { PublicReferralController } from './controllers/public-referral.controller';
import { SignInController } from './controllers/sign-in.controller';
import { ReferralRules } from './referral/referral-rules';

/**
 * Web pages (SPEC §16), in src/web: controllers that call the feature modules' exported use cases
 * with the same Actor as the JSON API. Registered last, after the API's routes.
 */
@Module({
  imports: [ContactsModule, FeedbackModule, ChallengesModule, StrategyModule],
  controllers: [SignInController, PublicReferralController, ProfessionalController],
  // AuthService checks passwords exactly as the API's token route does; the module does not export it.
  providers: [ReferralRules, AuthService],
})
export class WebModule {}
