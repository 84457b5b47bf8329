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
  const span = minutes < 60 ? `${Math.max(1, Math.round(minutes))} minute${Math.round(minutes) === 1 ? '' : 's'}` : minutes < 48 * 60 ? `${Math.round(minutes / 60)} hour${Math.round(minutes / 60) === 1 ? '' : 's'}` : `${Math.round(minutes / 1440)} days`;
  return { text: overdue ? `overdue by ${span}` : `due in ${span}`, overdue };
}
