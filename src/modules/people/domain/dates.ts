/**
 * Calendar arithmetic on plain dates and instants, in UTC (a date of birth has no time zone; windows
 * such as "12 months" are counted back from an instant). Pure: no Nest, no TypeORM.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD into [year, month, day], or null when it is not a real calendar date. */
export function parseDate(value: string | null | undefined): [number, number, number] | null {
  if (!value) return null;
  const m = DATE.exec(value.slice(0, 10));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(y, mo, d) ? [y, mo, d] : null;
}

export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function formatDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The instant `months` calendar months before `at` (day clamped to the month's length: 31 May - 3 months = 28/29 Feb). */
export function monthsBefore(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() - months;
  const target = new Date(Date.UTC(y, m, 1, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  return target;
}

export function daysBefore(at: Date, days: number): Date {
  return new Date(at.getTime() - days * 86_400_000);
}

/** An instant for a date-only value (midday UTC, so no time-zone shift moves it to another day). */
export function dateToInstant(value: string): Date {
  return new Date(`${value.slice(0, 10)}T12:00:00.000Z`);
}

export type DobAgreement = 'exact' | 'transposed' | 'year_off_by_one' | 'mismatch' | 'unknown';

/**
 * How two dates of birth agree (SPEC PPL-1): exact; day and month transposed (04/05 vs 05/04); the
 * same day and month a year apart (a common keying slip); otherwise a mismatch. Unknown when either is missing.
 */
export function compareDob(a: string | null | undefined, b: string | null | undefined): DobAgreement {
  const x = parseDate(a);
  const y = parseDate(b);
  if (!x || !y) return 'unknown';
  if (x[0] === y[0] && x[1] === y[1] && x[2] === y[2]) return 'exact';
  if (x[0] === y[0] && x[1] === y[2] && x[2] === y[1]) return 'transposed';
  if (Math.abs(x[0] - y[0]) === 1 && x[1] === y[1] && x[2] === y[2]) return 'year_off_by_one';
  return 'mismatch';
}

/** The dates worth looking up for a date of birth: itself, day/month transposed, and a year either side. */
export function dobVariants(value: string | null | undefined): string[] {
  const p = parseDate(value);
  if (!p) return [];
  const [y, m, d] = p;
  const out = new Set<string>([formatDate(y, m, d)]);
  if (d <= 12 && d !== m && isRealDate(y, d, m)) out.add(formatDate(y, d, m));
  for (const dy of [-1, 1]) if (isRealDate(y + dy, m, d)) out.add(formatDate(y + dy, m, d));
  return [...out];
}
