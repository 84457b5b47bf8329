import { deadlineWords, formatDate, formatDateTime } from './dates';

describe('dates in Europe/London', () => {
  it.each([
    ['2026-01-15T09:05:00Z', '15 January 2026 at 9:05am'], // GMT: same as UTC
    ['2026-07-15T09:05:00Z', '15 July 2026 at 10:05am'], // BST: an hour ahead
    ['2026-06-30T23:30:00Z', '1 July 2026 at 12:30am'], // next day in England
    ['2026-03-29T00:30:00Z', '29 March 2026 at 12:30am'], // before the clocks go forward at 01:00 UTC
    ['2026-03-29T01:30:00Z', '29 March 2026 at 2:30am'], // after
    ['2026-10-25T00:30:00Z', '25 October 2026 at 1:30am'], // BST, the first 1:30am
    ['2026-10-25T01:30:00Z', '25 October 2026 at 1:30am'], // GMT, the second 1:30am
    ['2026-12-05T12:00:00Z', '5 December 2026 at 12pm'],
  ])('%s is %s', (instant, words) => {
    expect(formatDateTime(instant)).toBe(words);
  });

  it('calendar dates are written the GOV.UK way', () => {
    expect(formatDate('2019-03-27')).toBe('27 March 2019');
  });

  it.each([
    ['2026-12-05T12:30:00Z', '2026-12-05T12:00:00Z', 'due in 30 minutes', false],
    ['2026-12-05T15:00:00Z', '2026-12-05T12:00:00Z', 'due in 3 hours', false],
    ['2026-12-08T12:00:00Z', '2026-12-05T12:00:00Z', 'due in 3 days', false],
    ['2026-12-05T11:00:00Z', '2026-12-05T12:00:00Z', 'overdue by 1 hour', true],
    ['2026-12-03T12:00:00Z', '2026-12-05T12:00:00Z', 'overdue by 2 days', true],
    ['2026-12-04T09:00:00Z', '2026-12-05T12:00:00Z', 'overdue by 1 day', true],
  ])('a deadline at %s seen at %s is "%s"', (due, now, text, overdue) => {
    expect(deadlineWords(due, new Date(now))).toEqual({ text, overdue });
  });
});
