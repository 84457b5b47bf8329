import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { TriageProcessor } from './jobs/triage.processor';
import { ProvisionalGradingService } from './provisional-grading.service';
import { TriageCoreModule } from './triage-core.module';

/** Worker side of triage: the `triage` queue's processor (provisional grading, SPEC RAG-2). */
@Module({
  imports: [TriageCoreModule, PeopleModule],
  providers: [TriageProcessor, ProvisionalGradingService],
})
export class TriageJobsModule {}
