import { Module } from '@nestjs/common';
import { ClocksModule } from '../calendar/clocks.module';
import { MailModule } from '../mail/mail.module';
import { SlaFeedbackClock } from './sla-feedback-clock';
import { FeedbackFactsRepository } from './persistence/feedback-facts.repository';
import { FeedbackRepository } from './persistence/feedback.repository';
import { FeedbackService } from './feedback.service';
import { FeedbackTemplates } from './feedback-templates.service';
import { FeedbackWriter } from './feedback-writer';

/**
 * What both processes need: templates (validated at boot), composing and writing feedback rows with
 * their e-mails (the mail module sends them), and FeedbackService, the API other features call.
 * SlaFeedbackClock meets the RAG-5 feedback clock.
 */
@Module({
  imports: [ClocksModule, MailModule],
  providers: [FeedbackTemplates, FeedbackFactsRepository, FeedbackRepository, FeedbackWriter, FeedbackService, SlaFeedbackClock],
  exports: [FeedbackTemplates, FeedbackService, FeedbackWriter, FeedbackRepository],
})
export class FeedbackCoreModule {}
