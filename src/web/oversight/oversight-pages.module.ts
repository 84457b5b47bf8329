import { Module } from '@nestjs/common';
import { OversightModule } from '../../modules/oversight/oversight.module';
import { StrategyModule } from '../../modules/strategy/strategy.module';
import { OversightPagesController } from './oversight-pages.controller';

/** Managers' oversight pages: dashboard, threshold audits, exports (SPEC MGT-1 to MGT-3). */
@Module({
  imports: [OversightModule, StrategyModule],
  controllers: [OversightPagesController],
})
export class OversightPagesModule {}
