import { londonDate } from '../../../common/london-date';
import { addMonths, ageOn, expectedDeliveryWindow, isCalendarDate, isChildOn } from './calendar-date';

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true], ['2023-02-29', false], ['1900-02-29', false], ['2000-02-29', true], ['2026-04-31', false], ['2026-13-01', false],
    ['2026-00-10', false], ['1900-01-01', true], ['1899-12-31', false], ['0000-01-01', false], ['2026-1-01', false], ['2026-01-01T00:00', false], ['', false],
  ])('isCalendarDate(%j) = %s', (value, expected) => expect(isCalendarDate(value)).toBe(expected));

  it.each([
    ['2026-01-31', 1, '2026-02-28'], ['2024-01-31', 1, '2024-02-29'], ['2026-03-31', -1, '2026-02-28'], ['2026-11-22', 10, '2027-09-22'],
    ['2026-11-22', -1, '2026-10-22'], ['2026-01-15', -1, '2025-12-15'], ['2026-12-31', 2, '2027-02-28'],
  ])('addMonths(%s, %i) = %s', (date, months, expected) => expect(addMonths(date, months)).toBe(expected));

  it('londonDate uses the England calendar date, not UTC', () => {
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02'); // BST: already the 2nd in London
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31'); // GMT in winter
  });
});

describe('age on the contact date (SPEC INT-3)', () => {
  it.each([
    ['2008-11-22', '2026-11-22', 18, false], // 18th birthday today: an adult
    ['2008-11-23', '2026-11-22', 17, true], // 17 years 364 days: a child
    ['2008-11-21', '2026-11-22', 18, false],
    ['2026-11-22', '2026-11-22', 0, true], // born today
    ['2010-06-15', '2026-11-22', 16, true],
    ['2008-02-29', '2026-02-28', 17, true], // leap-day birthday: not 18 until 1 March in a common year
    ['2008-02-29', '2026-03-01', 18, false],
    ['2008-02-29', '2028-02-29', 20, false],
    ['1990-01-01', '2026-11-22', 36, false],
  ])('born %s, on %s: age %i, child %s', (dob, on, age, child) => {
    expect(ageOn(dob, on)).toBe(age);
    expect(isChildOn(dob, on)).toBe(child);
  });
});

describe('expected delivery window (SPEC INT-6)', () => {
  it.each([
    ['2026-11-22', '2026-10-22', '2027-09-22'],
    ['2026-03-31', '2026-02-28', '2027-01-31'],
    ['2026-12-31', '2026-11-30', '2027-10-31'],
  ])('on %s: from %s to %s', (on, earliest, latest) => expect(expectedDeliveryWindow(on)).toEqual({ earliest, latest }));
});
