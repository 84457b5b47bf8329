import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseCalendarConfig } from '../../calendar/domain/calendar-config';
import { WorkingCalendar } from '../../calendar/domain/working-calendar';
import { addCalendarDays, ICPC_WORKING_DAYS, workingDaysAfter } from './working-days';

/** The real calendar of config/calendar (England and Wales bank holidays), as the API loads it. */
const england = new WorkingCalendar(parseCalendarConfig(parse(readFileSync(join(__dirname, '../../../../config/calendar/england-and-wales.yaml'), 'utf8'))));

/** Weekends off, plus the given bank holidays (the real calendar is tested with the calendar module). */
const calendar = (holidays: string[]) => (date: string) => {
  const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.includes(date);
};

describe('ICPC due date: 15 working days after the strategy discussion (SPEC STR-3)', () => {
  it.each([
    // held, bank holidays, due: a plain three weeks
    ['2026-11-02', [], '2026-11-23'],
    // Christmas Day and Boxing Day (substitute Monday 28th) in between push it three days later
    ['2026-12-14', ['2026-12-25', '2026-12-28'], '2027-01-06'],
    ['2026-12-14', [], '2027-01-04'],
    // Early May bank holiday 2027 (Monday 3 May)
    ['2027-04-26', ['2027-05-03'], '2027-05-18'],
    // Held on a Saturday: the first working day after counts as day 1
    ['2026-11-07', [], '2026-11-27'],
    // Held on a bank holiday itself
    ['2027-05-03', ['2027-05-03'], '2027-05-24'],
  ])('held %s with bank holidays %j: ICPC due %s', (held, holidays, due) => {
    expect(workingDaysAfter(held, ICPC_WORKING_DAYS, calendar(holidays))).toBe(due);
  });

  it.each([
    // Held Monday 14 December 2026: Christmas Day, the Boxing Day substitute (28th) and New Year's Day fall in between.
    [new Date('2026-12-14T10:00:00Z'), '2027-01-07'],
    // Held Friday 30 April 2027 at 16:30 London time: the Early May bank holiday (3 May) falls in between.
    [new Date('2027-04-30T15:30:00Z'), '2027-05-24'],
    // Held at 00:30 on Tuesday 4 May 2027 London time (23:30 UTC on the 3rd, a bank holiday): the London date counts.
    [new Date('2027-05-03T23:30:00Z'), '2027-05-25'],
  ])('on the England and Wales calendar of config/, held %s: ICPC due %s', (heldAt, due) => {
    expect(workingDaysAfter(england.localDate(heldAt), ICPC_WORKING_DAYS, (d) => england.isWorkingDay(d))).toBe(due);
  });

  it('counts 1 working day after a Friday as the Monday, or the Tuesday after a bank holiday Monday', () => {
    expect(workingDaysAfter('2026-08-28', 1, calendar([]))).toBe('2026-08-31');
    expect(workingDaysAfter('2026-08-28', 1, calendar(['2026-08-31']))).toBe('2026-09-01');
  });

  it('refuses a number of days that is not a positive whole number, and a calendar with no working days', () => {
    expect(() => workingDaysAfter('2026-11-02', 0, calendar([]))).toThrow();
    expect(() => workingDaysAfter('2026-11-02', 1.5, calendar([]))).toThrow();
    expect(() => workingDaysAfter('2026-11-02', 1, () => false)).toThrow(/check the calendar/);
  });

  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
