import { Injectable, ModuleMetadata, Provider } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { Actor } from '../../auth/actor';
import { ClocksModule } from '../calendar/clocks.module';
import { WorkingCalendar } from '../calendar/domain/working-calendar';
import { SlaClockService } from '../calendar/sla-clock.service';
import { strategyRows } from './persistence/strategy-discussion.repository';
import { StrategyClockKind, StrategyPorts } from './strategy-ports';

const TARGET = 'strategy_discussion';

/**
 * StrategyPorts over triage and the calendar: SLA clocks (SlaClockService, kinds of config/sla.yaml),
 * the working-day calendar (WorkingCalendar) and the child's grade (triage's subject_grade: the
 * grade in effect, confirmed or provisional).
 */
@Injectable()
export class TriageStrategyPorts extends StrategyPorts {
  constructor(
    private readonly clocks: SlaClockService,
    private readonly calendar: WorkingCalendar,
  ) {
    super();
  }

  async startClock(em: EntityManager, i: { kind: StrategyClockKind; discussionId: string; contactId: string; startedAt?: Date; dueAt?: Date; by: Actor }): Promise<void> {
    await this.clocks.start(em, { kind: i.kind, targetType: TARGET, targetId: i.discussionId, contactId: i.contactId, startedAt: i.startedAt, dueAt: i.dueAt, by: i.by });
  }

  async meetClock(em: EntityManager, kind: StrategyClockKind, discussionId: string, by: Actor, at?: Date): Promise<void> {
    await this.clocks.meet(em, { kind, targetType: TARGET, targetId: discussionId }, { at, by });
  }

  async cancelClock(em: EntityManager, kind: StrategyClockKind, discussionId: string, reason: string, by: Actor): Promise<void> {
    await this.clocks.cancel(em, { kind, targetType: TARGET, targetId: discussionId }, reason, { by });
  }

  async gradeOf(em: EntityManager, contactId: string, subjectId: string): Promise<'RED' | 'AMBER' | 'GREEN' | null> {
    return strategyRows.gradeOf(em, contactId, subjectId);
  }

  localDate(at: Date): string {
    return this.calendar.localDate(at);
  }

  isWorkingDay(date: string): boolean {
    return this.calendar.isWorkingDay(date);
  }

  closeOfDay(date: string): Date {
    // One working day's length of working time from local midnight ends at that day's closing time (17:00).
    return this.calendar.addWorkingMinutes(DateTime.fromISO(date, { zone: 'Europe/London' }).toJSDate(), this.calendar.workingDayMinutes);
  }
}

export const strategyPortsImports: NonNullable<ModuleMetadata['imports']> = [ClocksModule];
export const strategyPortsProvider: Provider = { provide: StrategyPorts, useClass: TriageStrategyPorts };
