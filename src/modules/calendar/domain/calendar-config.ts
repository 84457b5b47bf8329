import { IANAZone } from 'luxon';
import { ConfigProblems } from './config-check';

/** The working-day calendar (config/calendar/*.yaml), validated. Pure TypeScript. */
export interface ClosurePeriod {
  name: string;
  /** Inclusive local dates. */
  from: string;
  to: string;
}

export interface CalendarConfig {
  timezone: string;
  /** "HH:MM" local. */
  workingHours: { start: string; end: string };
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  workingDays: number[];
  bankHolidays: { date: string; name: string }[];
  closurePeriods: ClosurePeriod[];
  /** RAG-6: how many working days before a closure period count as the pre-closure window. */
  preClosureWorkingDays: number;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const minutesOfDay = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Validates a parsed calendar file; throws ConfigError naming every problem. */
export function parseCalendarConfig(raw: unknown, source = 'calendar'): CalendarConfig {
  const p = new ConfigProblems();
  if (!p.isObject(raw, '')) p.throwIfAny(source);
  const doc = raw as Record<string, unknown>;
  p.onlyKeys(doc, ['timezone', 'workingHours', 'workingDays', 'bankHolidays', 'closurePeriods', 'preClosureWorkingDays'], '');
  if (p.isString(doc.timezone, 'timezone') && !IANAZone.isValidZone(doc.timezone)) p.add('timezone', `"${doc.timezone}" is not a time zone`);
  if (p.isObject(doc.workingHours, 'workingHours')) {
    const wh = doc.workingHours;
    p.onlyKeys(wh, ['start', 'end'], 'workingHours');
    const okStart = p.isString(wh.start, 'workingHours.start', { pattern: TIME });
    const okEnd = p.isString(wh.end, 'workingHours.end', { pattern: TIME });
    if (okStart && okEnd && minutesOfDay(wh.end as string) <= minutesOfDay(wh.start as string)) p.add('workingHours', 'end must be after start');
  }
  if (p.isArray(doc.workingDays, 'workingDays', { minLength: 1 })) {
    doc.workingDays.forEach((d, i) => p.isInteger(d, `workingDays[${i}]`, { min: 1, max: 7 }));
  }
  if (p.isArray(doc.bankHolidays, 'bankHolidays')) {
    doc.bankHolidays.forEach((h, i) => {
      if (!p.isObject(h, `bankHolidays[${i}]`)) return;
      p.onlyKeys(h, ['date', 'name'], `bankHolidays[${i}]`);
      p.isIsoDate(h.date, `bankHolidays[${i}].date`);
      p.isString(h.name, `bankHolidays[${i}].name`);
    });
  }
  if (p.isArray(doc.closurePeriods, 'closurePeriods')) {
    doc.closurePeriods.forEach((c, i) => {
      if (!p.isObject(c, `closurePeriods[${i}]`)) return;
      p.onlyKeys(c, ['name', 'from', 'to'], `closurePeriods[${i}]`);
      p.isString(c.name, `closurePeriods[${i}].name`);
      const okFrom = p.isIsoDate(c.from, `closurePeriods[${i}].from`);
      const okTo = p.isIsoDate(c.to, `closurePeriods[${i}].to`);
      if (okFrom && okTo && (c.to as string) < (c.from as string)) p.add(`closurePeriods[${i}]`, 'to must not be before from');
    });
  }
  p.isInteger(doc.preClosureWorkingDays, 'preClosureWorkingDays', { min: 0, max: 30 });
  p.throwIfAny(source);
  return {
    timezone: doc.timezone as string,
    workingHours: doc.workingHours as CalendarConfig['workingHours'],
    workingDays: doc.workingDays as number[],
    bankHolidays: doc.bankHolidays as CalendarConfig['bankHolidays'],
    closurePeriods: doc.closurePeriods as ClosurePeriod[],
    preClosureWorkingDays: doc.preClosureWorkingDays as number,
  };
}
