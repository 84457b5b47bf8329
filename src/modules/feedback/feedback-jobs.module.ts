import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { FeedbackCoreModule } from './feedback-core.module';
import { FeedbackSentListener } from './jobs/feedback-sent.listener';
import { FeedbackProcessor } from './jobs/feedback.processor';

/** Feedback in the worker: the `feedback` queue's processor (acknowledgements) and what happens when an outcome is sent. */
@Module({
  imports: [FeedbackCoreModule, MailModule],
  providers: [FeedbackProcessor, FeedbackSentListener],
})
export class FeedbackJobsModule {}
