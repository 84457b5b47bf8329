/** Periods of reports and exports: [from, to), checked and defaulted. Pure. */
import type { RuleBreak } from '../../../common/rule-break';

export const MAX_PERIOD_DAYS = 800;

/** Returns the period or the problems; `defaultDays` before `now` when from/to are absent. */
export function resolvePeriod(from: string | undefined, to: string | undefined, now: Date, defaultDays: number): { period?: { from: Date; to: Date }; problems: RuleBreak[] } {
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(end.getTime() - defaultDays * 86_400_000);
  const problems: RuleBreak[] = [];
  if (Number.isNaN(start.getTime())) problems.push({ field: 'from', rule: 'isDate', message: 'from must be a date and time' });
  if (Number.isNaN(end.getTime())) problems.push({ field: 'to', rule: 'isDate', message: 'to must be a date and time' });
  if (!problems.length && start >= end) problems.push({ field: 'to', rule: 'MGT.period-order', message: 'to must be after from' });
  if (!problems.length && end.getTime() - start.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
    problems.push({ field: 'from', rule: 'MGT.period-length', message: `A period is at most ${MAX_PERIOD_DAYS} days` });
  }
  return problems.length ? { problems } : { period: { from: start, to: end }, problems };
}
