import { Module } from '@nestjs/common';
import { ApprovalsController } from './approvals/approvals.controller';
import { AssignmentService } from './assignment.service';
import { HandGradingService } from './hand-grading.service';
import { TriageController } from './triage.controller';
import { TriageCoreModule } from './triage-core.module';
import { TriageQueryService } from './triage-query.service';

/** HTTP side of triage (API.md "Triage"): queue, triage view, assignment, grading, approvals. */
@Module({
  imports: [TriageCoreModule],
  controllers: [TriageController, ApprovalsController],
  providers: [TriageQueryService, AssignmentService, HandGradingService],
  exports: [TriageCoreModule, TriageQueryService, AssignmentService, HandGradingService],
})
export class TriageModule {}
