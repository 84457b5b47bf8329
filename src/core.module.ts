import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { ClockModule } from './common/clock.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';

/** What both processes need: configuration, clock, database and the audit trail. */
@Module({
  imports: [AppConfigModule, ClockModule, DatabaseModule, AuditModule],
  exports: [AppConfigModule, ClockModule, DatabaseModule, AuditModule],
})
export class CoreModule {}
