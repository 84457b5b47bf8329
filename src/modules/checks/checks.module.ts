import { Module } from '@nestjs/common';
import { AgencyCheckRepository } from './persistence/agency-check.repository';
import { ChecksController } from './checks.controller';
import { ChecksQueryService } from './checks-query.service';
import { checksSettingsProvider, ChecksSettings } from './checks-settings';
import { ChecksService } from './checks.service';
import { ContactChecksController } from './contact-checks.controller';
import { RequiredChecksService } from './required-checks.service';

/** Agency checks (SPEC §5). Exports RequiredChecksService for the decision guards (CHK-4), and the use cases for the web pages. */
@Module({
  controllers: [ContactChecksController, ChecksController],
  providers: [checksSettingsProvider, ChecksService, ChecksQueryService, RequiredChecksService, AgencyCheckRepository],
  exports: [RequiredChecksService, ChecksSettings, ChecksService, ChecksQueryService],
})
export class ChecksModule {}
