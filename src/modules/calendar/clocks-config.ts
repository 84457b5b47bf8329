import { join } from 'node:path';
import { readConfigYaml } from '../../common/config-yaml';
import { CalendarConfig, parseCalendarConfig } from './domain/calendar-config';
import { parseSlaConfig, SlaConfig } from './domain/sla-config';
import { WorkingCalendar } from './domain/working-calendar';

export const CALENDAR_FILE = join('calendar', 'england-and-wales.yaml');
export const SLA_FILE = 'sla.yaml';

/** Injection token for the validated config/sla.yaml. */
export const SLA_CONFIG = Symbol('SLA_CONFIG');

export function loadCalendarConfig(configDir: string): CalendarConfig {
  return parseCalendarConfig(readConfigYaml(configDir, CALENDAR_FILE), join(configDir, CALENDAR_FILE));
}

export function loadSlaConfig(configDir: string): SlaConfig {
  return parseSlaConfig(readConfigYaml(configDir, SLA_FILE), join(configDir, SLA_FILE));
}

/** The working calendar as the clocks use it (closure-period behaviour comes from sla.yaml). */
export function loadWorkingCalendar(configDir: string, sla: SlaConfig): WorkingCalendar {
  return new WorkingCalendar(loadCalendarConfig(configDir), { closurePeriodsAreWorkingDays: sla.closurePeriodsAreWorkingDays });
}
