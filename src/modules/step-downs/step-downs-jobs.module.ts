import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { AcceptanceNotifier } from './jobs/acceptance-notifier';
import { StepDownsProcessor } from './jobs/step-downs.processor';

/** Step-downs in the worker: acceptance notices (queue `step-downs`). */
@Module({
  imports: [MailModule],
  providers: [StepDownsProcessor, AcceptanceNotifier],
})
export class StepDownsJobsModule {}
