import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { AuditSamplingService } from './audits/audit-sampling.service';
import { AuditsController } from './audits/audits.controller';
import { AnnexAExportService } from './exports/annex-a-export.service';
import { oversightConfigProvider } from './oversight-config';
import { AccessLogService } from './reports/access-log.service';
import { BoardPackService } from './reports/board-pack.service';
import { DashboardService } from './reports/dashboard.service';
import { AnnexACursors } from './persistence/annex-a.repository';
import { BoardPackRepository } from './persistence/board-pack.repository';
import { DashboardRepository } from './persistence/dashboard.repository';
import { ReportsController } from './reports/reports.controller';

/** Manager oversight (SPEC MGT-1 to MGT-4): audits, dashboard, Annex A exports, board pack, who viewed. */
@Module({
  imports: [FeedbackModule],
  controllers: [AuditsController, ReportsController],
  providers: [oversightConfigProvider, AuditSamplingService, DashboardService, DashboardRepository, BoardPackService, BoardPackRepository, AnnexAExportService, AnnexACursors, AccessLogService],
  exports: [AuditSamplingService, AccessLogService, DashboardService, BoardPackService, AnnexAExportService],
})
export class OversightModule {}
