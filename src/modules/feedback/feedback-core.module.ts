import { Module } from '@nestjs/common';
import { FeedbackFacts } from './feedback-facts';
import { FeedbackService } from './feedback.service';
import { FeedbackTemplates } from './feedback-templates.service';
import { FeedbackWriter } from './feedback-writer';

/**
 * What both processes need: templates (validated at boot), composing and writing feedback rows, and
 * FeedbackService, the API other features call. To meet the RAG-5 feedback clock, add a provider
 * for FEEDBACK_CLOCK (feedback-clock.ts) here.
 */
@Module({
  providers: [FeedbackTemplates, FeedbackFacts, FeedbackWriter, FeedbackService],
  exports: [FeedbackTemplates, FeedbackService, FeedbackWriter],
})
export class FeedbackCoreModule {}
