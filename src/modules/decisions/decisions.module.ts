import { Module } from '@nestjs/common';
import { OverridesReportController, DecisionsController } from './decisions.controller';
import { decisionsConfigProvider, DecisionsConfig } from './decisions-config';
import { DecisionsQueryService } from './decisions-query.service';

/**
 * Reads of threshold decisions and the override register, and the decision configuration (validated
 * at boot: a bad config/decision-reasons.yaml or decision-approval.yaml stops the API). Recording
 * decisions lives in DecisionRecordingModule, which needs triage's ports bound.
 */
@Module({
  controllers: [DecisionsController, OverridesReportController],
  providers: [decisionsConfigProvider, DecisionsQueryService],
  exports: [DecisionsConfig, DecisionsQueryService],
})
export class DecisionsModule {}
