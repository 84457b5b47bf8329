import { Module } from '@nestjs/common';
import { ClocksModule } from '../calendar/clocks.module';
import { ChecksModule } from '../checks/checks.module';
import { ContactsCoreModule } from '../contacts/contacts-core.module';
import { FeedbackCoreModule } from '../feedback/feedback-core.module';
import { TriageCoreModule } from '../triage/triage-core.module';
import { DecisionApprovalHandler } from './decision-approval.handler';
import { DecisionApprovals } from './decision-approvals';
import { DecisionContextService } from './decision-context.service';
import { DecisionRecordingController } from './decision-recording.controller';
import { OverridesReportController, DecisionsController } from './decisions.controller';
import { decisionsConfigProvider, DecisionsConfig } from './decisions-config';
import { DecisionsQueryService } from './decisions-query.service';
import { DecisionsService } from './decisions.service';
import { FinalDecisionFollowUp } from './final-decision-follow-up';
import { DecisionContextRepository } from './persistence/decision-context.repository';
import { ThresholdDecisionRepository } from './persistence/threshold-decision.repository';

/**
 * Threshold decisions (SPEC DEC-1 to DEC-6): recording them, manager approval on triage's approvals,
 * reads and the override register, and the decision configuration (validated at boot: a bad
 * config/decision-reasons.yaml or decision-approval.yaml stops the API). The guards and effects
 * other features add come as DecisionContributions, listed in src/decision-contributions.module.ts.
 */
@Module({
  imports: [TriageCoreModule, ChecksModule, ClocksModule, ContactsCoreModule, FeedbackCoreModule],
  controllers: [DecisionsController, OverridesReportController, DecisionRecordingController],
  providers: [
    decisionsConfigProvider,
    DecisionsQueryService,
    DecisionsService,
    DecisionContextService,
    FinalDecisionFollowUp,
    DecisionApprovals,
    DecisionApprovalHandler,
    ThresholdDecisionRepository,
    DecisionContextRepository,
  ],
  exports: [DecisionsConfig, DecisionsQueryService, DecisionsService, FinalDecisionFollowUp],
})
export class DecisionsModule {}
