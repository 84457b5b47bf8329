import { compareDob, dobVariants, monthsBefore } from './dates';

describe('dates of birth and windows', () => {
  it.each([
    ['2019-05-04', '2019-05-04', 'exact'],
    ['2019-05-04', '2019-04-05', 'transposed'],
    ['2019-05-04', '2018-05-04', 'year_off_by_one'],
    ['2019-05-04', '2020-05-04', 'year_off_by_one'],
    ['2019-05-04', '2017-05-04', 'mismatch'],
    ['2019-05-05', '2019-05-06', 'mismatch'],
    ['2019-05-04', null, 'unknown'],
    ['2019-02-30', '2019-02-30', 'unknown'],
  ])('compareDob(%p, %p) = %p', (a, b, expected) => expect(compareDob(a, b)).toBe(expected));

  it('looks up the date, its transposition and a year either side', () => {
    expect(dobVariants('2019-05-04').sort()).toEqual(['2018-05-04', '2019-04-05', '2019-05-04', '2020-05-04']);
    // No transposition when the day cannot be a month, or day and month are equal.
    expect(dobVariants('2019-05-24').sort()).toEqual(['2018-05-24', '2019-05-24', '2020-05-24']);
    expect(dobVariants('2019-03-03').sort()).toEqual(['2018-03-03', '2019-03-03', '2020-03-03']);
    // 29 February has no neighbour a year either side.
    expect(dobVariants('2020-02-29')).toEqual(['2020-02-29']);
    expect(dobVariants(null)).toEqual([]);
  });

  it.each([
    ['2026-05-31T10:00:00.000Z', 3, '2026-02-28T10:00:00.000Z'],
    ['2026-03-15T00:00:00.000Z', 12, '2025-03-15T00:00:00.000Z'],
    ['2026-01-10T08:30:00.000Z', 1, '2025-12-10T08:30:00.000Z'],
  ])('%p minus %p months is %p (day clamped to the month)', (at, months, expected) => expect(monthsBefore(new Date(at), months).toISOString()).toBe(expected));
});
