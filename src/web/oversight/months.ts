import { DateTime } from 'luxon';

const ZONE = 'Europe/London';

/** A calendar month in England (YYYY-MM) as the half-open period [start, next month's start). */
export function monthPeriod(month: string): { from: Date; to: Date } | null {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return null;
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: ZONE });
  if (!start.isValid) return null;
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** This month and the eleven before it, newest first, for a month picker. */
export function recentMonths(now: Date, count = 12): { value: string; text: string }[] {
  const here = DateTime.fromJSDate(now).setZone(ZONE).startOf('month');
  return Array.from({ length: count }, (_, i) => {
    const m = here.minus({ months: i });
    return { value: m.toFormat('yyyy-MM'), text: m.toFormat('MMMM yyyy') };
  });
}

export function monthWords(month: string): string {
  const m = DateTime.fromFormat(month, 'yyyy-MM', { zone: ZONE });
  return m.isValid ? m.toFormat('MMMM yyyy') : month;
}
