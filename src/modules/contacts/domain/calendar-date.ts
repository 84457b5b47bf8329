/**
 * Plain calendar dates ("YYYY-MM-DD") and the age and pregnancy windows of SPEC INT-3 / INT-6.
 * Dates are compared as strings of the same shape, which sort like the dates they name.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Earliest date accepted anywhere on a contact: older dates are typing mistakes, and Postgres has no year 0. */
export const EARLIEST_DATE = '1900-01-01';

interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function parse(date: string): Ymd | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const format = ({ y, m, d }: Ymd) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** A real calendar date written YYYY-MM-DD, from 1900 on (2026-02-30 and 0000-01-01 are not). */
export function isCalendarDate(value: string): boolean {
  return parse(value) !== null && value >= EARLIEST_DATE && value <= '9999-12-31';
}


/** Adds calendar months, clamping the day to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const p = parse(date);
  if (!p) throw new Error(`not a calendar date: ${date}`);
  const index = p.y * 12 + (p.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return format({ y, m, d: Math.min(p.d, daysInMonth(y, m)) });
}

/**
 * Completed years of age on `on`. Someone born on 29 February has their birthday on 1 March in a
 * common year (the rule applied in England, Family Law Reform Act 1969 s.9).
 */
export function ageOn(dateOfBirth: string, on: string): number {
  const b = parse(dateOfBirth);
  const o = parse(on);
  if (!b || !o) throw new Error('ageOn needs calendar dates');
  let [bm, bd] = [b.m, b.d];
  if (bm === 2 && bd === 29 && !isLeapYear(o.y)) [bm, bd] = [3, 1];
  const hadBirthday = o.m > bm || (o.m === bm && o.d >= bd);
  return o.y - b.y - (hadBirthday ? 0 : 1);
}

/** SPEC INT-3: anyone under 18 on the contact date is a child (17 years 364 days is a child). */
export function isChildOn(dateOfBirth: string, on: string): boolean {
  return ageOn(dateOfBirth, on) < 18;
}

/**
 * The expected delivery dates accepted on a contact dated `contactDate`: from one month before it
 * (a baby due last week may not be born yet, or the referrer's date is a little stale) to ten
 * months after it (a pregnancy is at most about ten months long).
 */
export function expectedDeliveryWindow(contactDate: string): { earliest: string; latest: string } {
  return { earliest: addMonths(contactDate, -1), latest: addMonths(contactDate, 10) };
}
