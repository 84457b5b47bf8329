import type { ModuleMetadata, Provider } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { StrategyPorts } from './strategy-ports';

/**
 * TEMPORARY, until feat/triage (SlaClockService, WorkingCalendar, subject_grade) is merged: no clocks,
 * no grade, and weekdays only. Replaced by the adapter over triage's services; must not be merged.
 */
class UntilTriageLands extends StrategyPorts {
  async startClock(): Promise<void> {}
  async meetClock(): Promise<void> {}
  async cancelClock(): Promise<void> {}
  async gradeOf(_em: EntityManager): Promise<null> {
    return null;
  }
  localDate(at: Date): string {
    return DateTime.fromJSDate(at, { zone: 'Europe/London' }).toISODate()!;
  }
  isWorkingDay(date: string): boolean {
    return DateTime.fromISO(date).weekday <= 5;
  }
  closeOfDay(date: string): Date {
    return DateTime.fromISO(`${date}T17:00`, { zone: 'Europe/London' }).toJSDate();
  }
}

export const strategyPortsImports: NonNullable<ModuleMetadata['imports']> = [];
export const strategyPortsProvider: Provider = { provide: StrategyPorts, useClass: UntilTriageLands };
