import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { AuditSamplingService } from './audits/audit-sampling.service';
import { AuditsController } from './audits/audits.controller';
import { AnnexAExportService } from './exports/annex-a-export.service';
import { oversightConfigProvider } from './oversight-config';
import { AccessLogService } from './reports/access-log.service';
import { BoardPackService } from './reports/board-pack.service';
import { DashboardService } from './reports/dashboard.service';
import { ReportsController } from './reports/reports.controller';

/** Manager oversight (SPEC MGT-1 to MGT-4): audits, dashboard, Annex A exports, board pack, who viewed. */
@Module({
  imports: [FeedbackModule],
  controllers: [AuditsController, ReportsController],
  providers: [oversightConfigProvider, AuditSamplingService, DashboardService, BoardPackService, AnnexAExportService, AccessLogService],
  exports: [AuditSamplingService, AccessLogService, DashboardService, BoardPackService, AnnexAExportService],
})
export class OversightModule {}
