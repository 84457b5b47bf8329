import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import { parseCalendarConfig } from './calendar-config';
import type { ClockDuration } from './clock-duration';
import { WorkingCalendar } from './working-calendar';

const config = parseCalendarConfig(parse(readFileSync(join(__dirname, '../../../../config/calendar/england-and-wales.yaml'), 'utf8')));
const calendar = new WorkingCalendar(config);
const closedOverChristmas = new WorkingCalendar(config, { closurePeriodsAreWorkingDays: false });

/** Local Europe/London wall-clock time -> Date. */
const london = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();
/** Date -> local wall-clock time with offset, so a failure shows what a worker would see. */
const shown = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/London' }).toISO({ suppressMilliseconds: true });

const RED: ClockDuration = { aroundTheClock: true, hours: 4 };
const AMBER: ClockDuration = { aroundTheClock: false, workingDays: 1 };
const GREEN: ClockDuration = { aroundTheClock: false, workingDays: 3 };

describe('working-day calendar (SPEC RAG-5): deadlines in Europe/London', () => {
  it.each([
    // [case, received (local), duration, due (local with offset)]
    ['16:59 on the Friday before the August bank holiday Monday, AMBER', '2026-08-28T16:59', AMBER, '2026-09-01T16:59:00+01:00'],
    ['16:59 on the Friday before the August bank holiday Monday, GREEN', '2026-08-28T16:59', GREEN, '2026-09-03T16:59:00+01:00'],
    ['16:59 on the Friday before the August bank holiday Monday, RED runs on through the evening', '2026-08-28T16:59', RED, '2026-08-28T20:59:00+01:00'],
    ['across the October change (BST to GMT): Friday 16:00 AMBER keeps 16:00 wall-clock on Monday', '2026-10-23T16:00', AMBER, '2026-10-26T16:00:00+00:00'],
    ['across the October change: RED at 00:30 BST is due 4 real hours later, 03:30 GMT', '2026-10-25T00:30', RED, '2026-10-25T03:30:00+00:00'],
    ['across the March change (GMT to BST): Friday 14:00 AMBER is due Monday 14:00 BST', '2026-03-27T14:00', AMBER, '2026-03-30T14:00:00+01:00'],
    ['across the March change: RED at 23:30 GMT Saturday is due 04:30 BST (4 real hours)', '2026-03-28T23:30', RED, '2026-03-29T04:30:00+01:00'],
    ['Christmas Eve 15:00 (closure period, MASH working): Christmas Day, the weekend and the Boxing Day substitute are skipped', '2026-12-24T15:00', AMBER, '2026-12-29T15:00:00+00:00'],
    ['Christmas Eve 15:00, RED is not paused by the holidays', '2026-12-24T15:00', RED, '2026-12-24T19:00:00+00:00'],
    ['RED runs through a weekend: Saturday 22:00 is due Sunday 02:00', '2026-06-13T22:00', RED, '2026-06-14T02:00:00+01:00'],
    ['AMBER received on a Saturday starts on Monday at opening', '2026-06-13T22:00', AMBER, '2026-06-15T17:00:00+01:00'],
    ['AMBER received at 20:00 on a Monday starts on Tuesday at opening', '2026-06-15T20:00', AMBER, '2026-06-16T17:00:00+01:00'],
    ['AMBER received at 07:00 on a Monday counts from 09:00', '2026-06-15T07:00', AMBER, '2026-06-15T17:00:00+01:00'],
    ['AMBER received exactly at 17:00 counts from the next opening', '2026-06-15T17:00', AMBER, '2026-06-16T17:00:00+01:00'],
    ['AMBER received exactly at 09:00 uses up that day: due at its closing, not the next opening', '2026-06-15T09:00', AMBER, '2026-06-15T17:00:00+01:00'],
    ['GREEN across Easter (Good Friday and Easter Monday skipped)', '2026-04-02T10:00', GREEN, '2026-04-09T10:00:00+01:00'],
    ['GREEN on 31 December 2027 (New Year substitute day on Monday 3 January 2028)', '2027-12-31T12:00', GREEN, '2028-01-06T12:00:00+00:00'],
  ])('%s', (_case, received, duration, due) => {
    expect(shown(calendar.dueAt(london(received), duration as ClockDuration))).toBe(due);
  });

  it('with closure periods configured as non-working, a contact on Christmas Eve waits for the first working day after the closure', () => {
    // 2026-12-24 to 2027-01-01 closed; 2 and 3 January are a weekend: the day starts on Monday 4 January.
    expect(shown(closedOverChristmas.dueAt(london('2026-12-24T15:00'), AMBER))).toBe('2027-01-04T17:00:00+00:00');
    expect(shown(closedOverChristmas.dueAt(london('2026-12-24T15:00'), RED))).toBe('2026-12-24T19:00:00+00:00');
  });

  it.each([
    ['2026-12-25', false, 'Christmas Day'],
    ['2026-12-28', false, 'Boxing Day substitute (Monday)'],
    ['2026-12-24', true, 'Christmas Eve (closure, but the MASH works)'],
    ['2026-12-26', false, 'Saturday'],
    ['2030-08-26', false, 'Summer bank holiday 2030'],
    ['2030-08-27', true, 'ordinary Tuesday'],
  ])('%s is a working day: %p (%s)', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it('working time is counted in wall-clock hours on the day the clocks change', () => {
    // Monday after the October change: 09:00-17:00 GMT is still 8 working hours.
    expect(shown(calendar.addWorkingTime(london('2026-10-26T09:00'), { workingHours: 8 }))).toBe('2026-10-26T17:00:00+00:00');
    expect(calendar.isWorkingTime(london('2026-10-26T08:59'))).toBe(false);
    expect(calendar.isWorkingTime(london('2026-10-26T09:00'))).toBe(true);
  });

  it('refuses a negative duration', () => {
    expect(() => calendar.addWorkingMinutes(new Date(), -1)).toThrow(RangeError);
  });
});

describe('pre-closure window (SPEC RAG-6): the 5 working days before Christmas closure', () => {
  it.each([
    ['2026-12-16T17:00', false, 'Wednesday before the window'],
    ['2026-12-17T00:00', true, 'first day of the window (5th working day before Thursday 24th)'],
    ['2026-12-19T12:00', true, 'a Saturday inside the window'],
    ['2026-12-23T23:59', true, 'last evening before the closure'],
    ['2026-12-24T10:00', false, 'the closure itself has started'],
    ['2027-06-01T10:00', false, 'June'],
  ])('%s in window: %p (%s)', (local, expected) => {
    expect(calendar.isInPreClosureWindow(london(local))).toBe(expected);
  });

  it('names the closure period and where its window starts', () => {
    expect(calendar.preClosureWindow(london('2026-12-21T10:00'))).toEqual({
      closure: { name: 'Christmas and New Year 2026-27', from: '2026-12-24', to: '2027-01-01' },
      windowStart: '2026-12-17',
    });
  });

  it('bank holidays do not count as working days of the window', () => {
    // A closure starting on Wednesday 2 September 2026: Monday 31 August is the Summer bank holiday,
    // so the 5 working days are 25, 26, 27, 28 August and 1 September.
    const custom = new WorkingCalendar({ ...config, closurePeriods: [{ name: 'Office move', from: '2026-09-02', to: '2026-09-04' }] });
    expect(custom.preClosureWindow(london('2026-08-25T09:00'))?.windowStart).toBe('2026-08-25');
    expect(custom.isInPreClosureWindow(london('2026-08-24T16:00'))).toBe(false);
  });
});

describe('calendar configuration is validated', () => {
  it('names every bad value', () => {
    let message = '';
    try {
      parseCalendarConfig({
        timezone: 'Europe/Londn',
        workingHours: { start: '17:00', end: '09:00' },
        workingDays: [1, 8],
        bankHolidays: [{ date: '2026-02-30', name: 'x' }],
        closurePeriods: [{ name: 'c', from: '2026-12-24', to: '2026-12-01' }],
        preClosureWorkingDays: 5,
        extra: 1,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const expected of ['timezone: "Europe/Londn" is not a time zone', 'workingHours: end must be after start', 'workingDays[1]:', 'bankHolidays[0].date:', 'closurePeriods[0]: to must not be before from', 'extra: unknown key']) {
      expect(message).toContain(expected);
    }
  });
});
