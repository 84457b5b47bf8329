import { DateTime } from 'luxon';

const ZONE = 'Europe/London';

/** A calendar date (YYYY-MM-DD) as GOV.UK writes it: 5 December 2026. */
export function formatDate(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: ZONE });
  return d.isValid ? d.toFormat('d MMMM yyyy') : iso;
}

/** An instant in England's time, GOV.UK style: 5 December 2026 at 9:05am (BST or GMT as it was then). */
export function formatDateTime(instant: Date | string): string {
  const d = (typeof instant === 'string' ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant)).setZone(ZONE);
  if (!d.isValid) return '';
  const time = d.minute === 0 ? d.toFormat('ha') : d.toFormat('h:mma');
  return `${d.toFormat('d MMMM yyyy')} at ${time.toLowerCase()}`;
}

/** A deadline in words relative to now: "due in 3 hours", "due tomorrow", "overdue by 2 days". */
export function deadlineWords(due: Date | string, now: Date): { text: string; overdue: boolean } {
  const d = (typeof due === 'string' ? DateTime.fromISO(due) : DateTime.fromJSDate(due)).setZone(ZONE);
  const n = DateTime.fromJSDate(now).setZone(ZONE);
  const overdue = d < n;
  const minutes = Math.abs(d.diff(n, 'minutes').minutes);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  // Under a day in hours; from a day on in whole days ("overdue by 1 day"), as the MoJ contextual date words it.
  const span = minutes < 60 ? plural(Math.max(1, Math.round(minutes)), 'minute') : minutes < 24 * 60 ? plural(Math.round(minutes / 60), 'hour') : plural(Math.floor(minutes / 1440), 'day');
  return { text: overdue ? `overdue by ${span}` : `due in ${span}`, overdue };
}
