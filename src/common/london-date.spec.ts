import { londonDate, londonYear } from './london-date';

describe('londonDate', () => {
  it('changes at midnight in London, in summer (BST) and winter (GMT), whatever the order of calls', () => {
    const instants: [string, string][] = [
      ['2026-07-14T22:59:59.999Z', '2026-07-14'],
      ['2026-07-14T23:00:00.000Z', '2026-07-15'],
      ['2026-07-14T22:59:00.000Z', '2026-07-14'],
      ['2026-12-31T23:59:59.999Z', '2026-12-31'],
      ['2027-01-01T00:00:00.000Z', '2027-01-01'],
      ['2026-12-31T23:59:30.000Z', '2026-12-31'],
      // The clocks go back at 01:00 UTC on 25 October 2026: still the 25th either side.
      ['2026-10-24T22:59:59.999Z', '2026-10-24'],
      ['2026-10-24T23:00:00.000Z', '2026-10-25'],
      ['2026-10-25T00:59:59.999Z', '2026-10-25'],
      ['2026-10-25T01:00:00.000Z', '2026-10-25'],
      ['2026-10-25T23:59:59.999Z', '2026-10-25'],
      ['2026-10-26T00:00:00.000Z', '2026-10-26'],
    ];
    for (const [at, date] of instants) expect([at, londonDate(new Date(at))]).toEqual([at, date]);
  });

  it('the London year at New Year (GMT) is the UTC one', () => {
    expect(londonYear(new Date('2026-12-31T23:59:59.999Z'))).toBe(2026);
    expect(londonYear(new Date('2027-01-01T00:00:00.000Z'))).toBe(2027);
  });

  it('refuses an invalid date as the formatter does', () => {
    expect(() => londonDate(new Date('not a date'))).toThrow(RangeError);
  });
});
