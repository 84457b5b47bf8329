import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CalendarConfig, parseCalendarConfig } from './domain/calendar-config';
import { InvalidConfigError } from './domain/config-check';
import { parseSlaConfig, SlaConfig } from './domain/sla-config';
import { WorkingCalendar } from './domain/working-calendar';

export const CALENDAR_FILE = join('calendar', 'england-and-wales.yaml');
export const SLA_FILE = 'sla.yaml';

/** Injection token for the validated config/sla.yaml. */
export const SLA_CONFIG = Symbol('SLA_CONFIG');

/** Reads and parses one YAML file under the config folder; any failure names the file. */
export function readYaml(configDir: string, file: string): unknown {
  const path = join(configDir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidConfigError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new InvalidConfigError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
}

export function loadCalendarConfig(configDir: string): CalendarConfig {
  return parseCalendarConfig(readYaml(configDir, CALENDAR_FILE), join(configDir, CALENDAR_FILE));
}

export function loadSlaConfig(configDir: string): SlaConfig {
  return parseSlaConfig(readYaml(configDir, SLA_FILE), join(configDir, SLA_FILE));
}

/** The working calendar as the clocks use it (closure-period behaviour comes from sla.yaml). */
export function loadWorkingCalendar(configDir: string, sla: SlaConfig): WorkingCalendar {
  return new WorkingCalendar(loadCalendarConfig(configDir), { closurePeriodsAreWorkingDays: sla.closurePeriodsAreWorkingDays });
}
