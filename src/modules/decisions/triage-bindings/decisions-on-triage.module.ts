import { DynamicModule } from '@nestjs/common';
import { WorkingCalendar } from '../../calendar/domain/working-calendar';
import { FeedbackModule } from '../../feedback/feedback.module';
import { TriageCoreModule } from '../../triage/triage-core.module';
import { DecisionRecordingModule } from '../decision-recording.module';
import { ApprovalPort } from '../ports/approval-port';
import { GradeReader } from '../ports/grade-reader';
import { PreClosureWindow } from '../ports/pre-closure-window';
import { DecisionClocksAndFeedback } from './decision-clocks-and-feedback';
import { TriageApprovalAdapter } from './triage-approval-adapter';
import { TriageGradeReader } from './triage-grade-reader';

/** Recording decisions on top of triage: grades, approvals, the calendar, clocks and feedback. */
export const DecisionsOnTriageModule: DynamicModule = DecisionRecordingModule.register({
  imports: [TriageCoreModule, FeedbackModule],
  providers: [
    { provide: GradeReader, useClass: TriageGradeReader },
    { provide: PreClosureWindow, useExisting: WorkingCalendar },
    { provide: ApprovalPort, useClass: TriageApprovalAdapter },
    DecisionClocksAndFeedback,
  ],
});
