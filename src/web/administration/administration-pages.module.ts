import { Module } from '@nestjs/common';
import { AdminModule } from '../../admin/admin.module';
import { ClocksModule } from '../../modules/calendar/clocks.module';
import { DecisionsModule } from '../../modules/decisions/decisions.module';
import { OversightModule } from '../../modules/oversight/oversight.module';
import { TriageCoreModule } from '../../modules/triage/triage-core.module';
import { AccountPasswordController } from './account-password.controller';
import { AdministrationController } from './administration.controller';
import { AuditPagesController } from './audit-pages.controller';
import { RuntimeConfiguration } from './runtime-configuration';

/**
 * Pages of administrators (/administration), of the audit trail and auditors (/audit), and the
 * page an account's e-mailed link opens (/account/password). Administrators' pages read no case
 * data; auditors' pages hold no forms.
 */
@Module({
  imports: [AdminModule, DecisionsModule, OversightModule, TriageCoreModule, ClocksModule],
  controllers: [AdministrationController, AuditPagesController, AccountPasswordController],
  providers: [RuntimeConfiguration],
})
export class AdministrationPagesModule {}
