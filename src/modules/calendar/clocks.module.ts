import { Module } from '@nestjs/common';
import { NotificationRepository } from './persistence/notification.repository';
import { SlaClockRepository } from './persistence/sla-clock.repository';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { loadSlaConfig, loadWorkingCalendar, SLA_CONFIG } from './clocks-config';
import type { SlaConfig } from './domain/sla-config';
import { WorkingCalendar } from './domain/working-calendar';
import { NotificationService } from './notification.service';
import { SlaClockService } from './sla-clock.service';

/**
 * The working-day calendar and SLA clocks, without HTTP: imported by the calendar HTTP module, the
 * calendar jobs module and every feature that starts or stops clocks (triage, decisions, strategy,
 * step-downs, feedback, challenges). Both configuration files are validated when the module is
 * created, so a bad file stops the process at boot with the file and the problems named.
 */
@Module({
  providers: [
    { provide: SLA_CONFIG, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadSlaConfig(config.configDir) },
    { provide: WorkingCalendar, inject: [APP_CONFIG, SLA_CONFIG], useFactory: (config: AppConfig, sla: SlaConfig) => loadWorkingCalendar(config.configDir, sla) },
    SlaClockService,
    NotificationService,
    SlaClockRepository,
    NotificationRepository,
  ],
  exports: [SLA_CONFIG, WorkingCalendar, SlaClockService, NotificationService, SlaClockRepository, NotificationRepository],
})
export class ClocksModule {}
