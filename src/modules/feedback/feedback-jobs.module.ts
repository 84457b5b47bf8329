import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { FeedbackCoreModule } from './feedback-core.module';
import { DeliveryTestHooks } from './jobs/delivery-test-hooks';
import { FeedbackDelivery } from './jobs/feedback-delivery';
import { FeedbackSweep } from './jobs/feedback-sweep';
import { FeedbackProcessor } from './jobs/feedback.processor';

/** Feedback in the worker: the `feedback` queue's processor, SMTP delivery and the sweep. */
@Module({
  imports: [FeedbackCoreModule, MailModule],
  providers: [FeedbackProcessor, FeedbackDelivery, FeedbackSweep, DeliveryTestHooks],
  exports: [FeedbackDelivery, FeedbackSweep, DeliveryTestHooks],
})
export class FeedbackJobsModule {}
