import { Module } from '@nestjs/common';
import { FeedbackController } from './feedback.controller';
import { FeedbackCoreModule } from './feedback-core.module';
import { FeedbackRecords } from './feedback-records.service';
import { FeedbackRepository } from './persistence/feedback.repository';

/** Feedback in the API process: the routes, and FeedbackService for decisions and intake to import. */
@Module({
  imports: [FeedbackCoreModule],
  controllers: [FeedbackController],
  providers: [FeedbackRecords, FeedbackRepository],
  exports: [FeedbackCoreModule],
})
export class FeedbackModule {}
