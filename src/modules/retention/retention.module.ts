import { Module } from '@nestjs/common';
import { LegalHoldController } from './legal-hold.controller';
import { RetentionCoreModule } from './retention-core.module';

/** Retention and legal hold in the API (SPEC SEC-5): managers set and lift holds. */
@Module({
  imports: [RetentionCoreModule],
  controllers: [LegalHoldController],
})
export class RetentionModule {}
