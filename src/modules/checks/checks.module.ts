import { Module } from '@nestjs/common';
import { ChecksController } from './checks.controller';
import { ChecksQueryService } from './checks-query.service';
import { checksSettingsProvider, ChecksSettings } from './checks-settings';
import { ChecksService } from './checks.service';
import { ContactChecksController } from './contact-checks.controller';
import { RequiredChecksService } from './required-checks.service';

/** Agency checks (SPEC §5). Exports RequiredChecksService for the decision guards (CHK-4). */
@Module({
  controllers: [ContactChecksController, ChecksController],
  providers: [checksSettingsProvider, ChecksService, ChecksQueryService, RequiredChecksService],
  exports: [RequiredChecksService, ChecksSettings, ChecksQueryService],
})
export class ChecksModule {}
