import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackCoreModule } from './feedback-core.module';
import { FeedbackRecords } from './feedback-records.service';

/** Feedback in the API process: the routes, and FeedbackService for decisions and intake to import. */
@Module({
  imports: [FeedbackCoreModule, MailModule],
  controllers: [FeedbackController],
  providers: [FeedbackRecords],
  exports: [FeedbackCoreModule],
})
export class FeedbackModule {}
