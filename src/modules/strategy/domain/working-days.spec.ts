import { addCalendarDays, ICPC_WORKING_DAYS, workingDaysAfter } from './working-days';

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
