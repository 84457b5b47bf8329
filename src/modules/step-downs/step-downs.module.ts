import { Module } from '@nestjs/common';
import { ChildStatusController } from './child-status.controller';
import { StepDownsController } from './step-downs.controller';
import { StepDownsCoreModule } from './step-downs-core.module';

/** Step-up and step-down (SPEC §8): child levels, step-downs, blocks, declined consent. */
@Module({
  imports: [StepDownsCoreModule],
  controllers: [StepDownsController, ChildStatusController],
  exports: [StepDownsCoreModule],
})
export class StepDownsModule {}
