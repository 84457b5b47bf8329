import { Module } from '@nestjs/common';
import { ClocksModule } from '../calendar/clocks.module';
import { ContactsCoreModule } from '../contacts/contacts-core.module';
import { ChildStatusService } from './child-status.service';
import { StepDownClocks } from './step-down-clocks';
import { StepDownDecisionHooks } from './step-down-decision-hooks';
import { StepDownEventsSource } from './step-down-events.source';
import { StepDownHistoryAnnotator } from './step-down-history.annotator';
import { stepDownsConfigProvider, STEP_DOWNS_CONFIG } from './step-downs-config';
import { StepDownsService } from './step-downs.service';
import { ChildStatusRepository } from './persistence/child-status.repository';
import { StepDownRepository } from './persistence/step-down.repository';

/** Step-down use cases without HTTP, for the API module and the worker's sweep. */
@Module({
  imports: [ClocksModule, ContactsCoreModule],
  providers: [stepDownsConfigProvider, StepDownRepository, ChildStatusRepository, StepDownsService, ChildStatusService, StepDownClocks, StepDownDecisionHooks, StepDownEventsSource, StepDownHistoryAnnotator],
  exports: [StepDownsService, ChildStatusService, StepDownDecisionHooks, STEP_DOWNS_CONFIG],
})
export class StepDownsCoreModule {}
