/**
 * Working-day date arithmetic for the ICPC due date (SPEC STR-3, RAG-5: 15 working days after the
 * strategy discussion that started the s47 enquiry, IOW 2.7). Pure: the calendar is passed in as a
 * predicate (the working-day calendar of src/modules/calendar answers it from config/calendar).
 */

/** `YYYY-MM-DD` plus `days` calendar days, in plain date arithmetic (no time zone involved). */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/**
 * The `n`th working day after `date` (the day itself never counts, whether or not it is a working
 * day): held on Monday 1 December, 15 working days after is Monday 22 December when no bank holiday
 * falls between; each bank holiday or weekend day between pushes it one day later.
 */
export function workingDaysAfter(date: string, n: number, isWorkingDay: (date: string) => boolean): string {
  if (!Number.isInteger(n) || n < 1) throw new Error('workingDaysAfter needs a positive whole number of days');
  let day = date;
  let counted = 0;
  // A calendar can hold long closures; a year of non-working days means the calendar is broken.
  for (let guard = 0; guard < 366 + n * 7; guard++) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day) && ++counted === n) return day;
  }
  throw new Error(`no ${n} working days found after ${date}: check the calendar`);
}

export const ICPC_WORKING_DAYS = 15;
