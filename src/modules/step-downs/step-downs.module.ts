import { Module } from '@nestjs/common';
import { ChildStatusController } from './child-status.controller';
import { ChildStatusService } from './child-status.service';
import { StepDownClocks } from './step-down-clocks';
import { StepDownDecisionHooks } from './step-down-decision-hooks';
import { StepDownsController } from './step-downs.controller';
import { stepDownsConfigProvider } from './step-downs-config';
import { StepDownsService } from './step-downs.service';

/** Step-up and step-down (SPEC §8): child levels, step-downs, blocks, declined consent. */
@Module({
  controllers: [StepDownsController, ChildStatusController],
  providers: [stepDownsConfigProvider, StepDownsService, ChildStatusService, StepDownClocks, StepDownDecisionHooks],
  exports: [StepDownsService, ChildStatusService],
})
export class StepDownsModule {}
