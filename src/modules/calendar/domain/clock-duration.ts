import { ConfigProblems } from './config-check';

/**
 * How long a clock runs. Around-the-clock clocks (RED) count real elapsed time in hours or minutes;
 * working-time clocks count working days or working hours on the calendar. The two are kept apart
 * on purpose: "4 hours" on a working-day clock would be ambiguous.
 */
export type ClockDuration =
  | { aroundTheClock: true; hours?: number; minutes?: number }
  | { aroundTheClock: false; workingDays?: number; workingHours?: number };

const ELAPSED_KEYS = ['hours', 'minutes'] as const;
const WORKING_KEYS = ['workingDays', 'workingHours'] as const;

/** Validates `{due: {workingDays: 1}, aroundTheClock: false}`-style config into a ClockDuration. */
export function parseClockDuration(due: unknown, aroundTheClock: unknown, path: string, p: ConfigProblems, dueKey = 'due'): ClockDuration | undefined {
  if (!p.isBoolean(aroundTheClock, `${path}.aroundTheClock`)) return undefined;
  if (!p.isObject(due, `${path}.${dueKey}`)) return undefined;
  const allowed = aroundTheClock ? ELAPSED_KEYS : WORKING_KEYS;
  const keys = Object.keys(due);
  if (keys.length !== 1 || !(allowed as readonly string[]).includes(keys[0])) {
    p.add(`${path}.${dueKey}`, aroundTheClock
      ? 'an around-the-clock deadline is given in hours or minutes, e.g. {hours: 4}'
      : 'a working-time deadline is given in workingDays or workingHours, e.g. {workingDays: 1}');
    return undefined;
  }
  if (!p.isInteger(due[keys[0]], `${path}.${dueKey}.${keys[0]}`, { min: 1, max: 10_000 })) return undefined;
  return { aroundTheClock, [keys[0]]: due[keys[0]] } as ClockDuration;
}

/** For people and documents: "4 hours, around the clock", "1 working day". */
export function describeDuration(d: ClockDuration): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (d.aroundTheClock) return `${d.hours ? plural(d.hours, 'hour') : plural(d.minutes ?? 0, 'minute')}, around the clock`;
  return d.workingDays ? plural(d.workingDays, 'working day') : plural(d.workingHours ?? 0, 'working hour');
}
