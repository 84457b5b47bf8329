import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ClocksModule } from '../calendar/clocks.module';
import { ContactsCoreModule } from '../contacts/contacts-core.module';
import { ApprovalService } from './approvals/approval.service';
import { TriageStatusService } from './triage-status.service';
import { GradeConfirmationService } from './grade-confirmation.service';
import { ThresholdFrameworks } from './threshold-frameworks';
import { GRADING_SWEEP_CONFIG, loadGradingSweepConfig } from './grading-sweep-config';
import { UngradedContactsService } from './ungraded-contacts.service';

/**
 * Triage without HTTP or queues: the threshold frameworks (validated at boot), approvals, contact
 * status moves and grade confirmation. Imported by the triage HTTP module, the triage jobs module
 * and decisions (which reuses ApprovalService and the grade definitions).
 */
@Module({
  imports: [ClocksModule, ContactsCoreModule],
  providers: [
    { provide: ThresholdFrameworks, inject: [APP_CONFIG], useFactory: (config: AppConfig) => ThresholdFrameworks.load(config.configDir) },
    ApprovalService,
    TriageStatusService,
    GradeConfirmationService,
    { provide: GRADING_SWEEP_CONFIG, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadGradingSweepConfig(config.configDir) },
    UngradedContactsService,
  ],
  exports: [ClocksModule, ContactsCoreModule, ThresholdFrameworks, ApprovalService, TriageStatusService, GradeConfirmationService, GRADING_SWEEP_CONFIG, UngradedContactsService],
})
export class TriageCoreModule {}
