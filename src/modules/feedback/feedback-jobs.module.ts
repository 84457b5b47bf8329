import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { FeedbackCoreModule } from './feedback-core.module';
import { FeedbackDelivery } from './jobs/feedback-delivery';
import { FeedbackSweep } from './jobs/feedback-sweep';
import { FeedbackProcessor } from './jobs/feedback.processor';

/** Feedback in the worker: the `feedback` queue's processor, SMTP delivery and the sweep. */
@Module({
  imports: [FeedbackCoreModule, MailModule],
  providers: [FeedbackProcessor, FeedbackDelivery, FeedbackSweep],
  exports: [FeedbackDelivery, FeedbackSweep],
})
export class FeedbackJobsModule {}
