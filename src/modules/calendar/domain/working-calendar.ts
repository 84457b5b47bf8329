import { DateTime } from 'luxon';
import { CalendarConfig, ClosurePeriod, minutesOfDay } from './calendar-config';
import type { ClockDuration } from './clock-duration';

export interface WorkingCalendarOptions {
  /**
   * Whether weekdays inside a closure period count as working days for working-time clocks. The
   * default (true) follows the calendar file: council offices close but the MASH and EDT keep
   * taking and deciding contacts, so only weekends and bank holidays pause a working-day clock.
   */
  closurePeriodsAreWorkingDays?: boolean;
}

export interface PreClosureWindow {
  closure: ClosurePeriod;
  /** First local date of the window (inclusive); the window ends when the closure starts. */
  windowStart: string;
}

/** Safety stop: no deadline is ever more than this many calendar days of searching away. */
const MAX_DAYS_SEARCHED = 3660;

/**
 * The working-day calendar (SPEC RAG-5, RAG-6): Europe/London wall-clock working hours, weekends,
 * England and Wales bank holidays, closure periods. Pure: every answer depends only on the config
 * and the arguments. Working time is counted in local wall-clock time, so a clock change (last
 * Sunday of March and of October, at 01:00 UTC) never shifts a 09:00-17:00 working day; around-the-
 * clock deadlines count real elapsed time instead, so "4 hours" is 4 real hours across a change.
 */
export class WorkingCalendar {
  readonly zone: string;
  private readonly startMinute: number;
  private readonly endMinute: number;
  private readonly workingDays: Set<number>;
  private readonly bankHolidays: Map<string, string>;
  private readonly closures: ClosurePeriod[];
  private readonly closuresAreWorking: boolean;
  private readonly dateFormat: Intl.DateTimeFormat;
  /** Per local date: working or not, and its opening and closing instants (computed once per date). */
  private readonly days = new Map<string, { working: boolean; open: number; close: number }>();

  constructor(
    readonly config: CalendarConfig,
    options: WorkingCalendarOptions = {},
  ) {
    this.zone = config.timezone;
    this.startMinute = minutesOfDay(config.workingHours.start);
    this.endMinute = minutesOfDay(config.workingHours.end);
    this.workingDays = new Set(config.workingDays);
    this.bankHolidays = new Map(config.bankHolidays.map((h) => [h.date, h.name]));
    this.closures = [...config.closurePeriods].sort((a, b) => a.from.localeCompare(b.from));
    this.closuresAreWorking = options.closurePeriodsAreWorkingDays ?? true;
    this.dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: this.zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  /** Minutes in one working day (8 hours for 09:00-17:00): the length of "1 working day". */
  get workingDayMinutes(): number {
    return this.endMinute - this.startMinute;
  }

  /** The local calendar date (YYYY-MM-DD) of an instant. */
  localDate(at: Date): string {
    const parts = this.dateFormat.formatToParts(at);
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    return `${part('year')}-${part('month')}-${part('day')}`;
  }

  bankHoliday(date: string): string | undefined {
    return this.bankHolidays.get(date);
  }

  closureOn(date: string): ClosurePeriod | undefined {
    return this.closures.find((c) => c.from <= date && date <= c.to);
  }

  /** A weekday of the working week that is not a bank holiday (nor, if so configured, in a closure period). */
  isWorkingDay(date: string): boolean {
    if (!this.workingDays.has(isoWeekday(date))) return false;
    if (this.bankHolidays.has(date)) return false;
    if (!this.closuresAreWorking && this.closureOn(date)) return false;
    return true;
  }

  /** Whether the instant falls inside working hours on a working day. */
  isWorkingTime(at: Date): boolean {
    const t = DateTime.fromJSDate(at, { zone: this.zone });
    const minute = t.hour * 60 + t.minute;
    return this.isWorkingDay(t.toISODate()!) && minute >= this.startMinute && minute < this.endMinute;
  }

  /**
   * Adds working minutes to an instant. A start outside working hours (evening, weekend, bank
   * holiday) starts counting at the next working-day opening; a deadline that uses up a day exactly
   * falls at that day's closing time, not the next opening. Within a working day there is no clock
   * change (they happen at 01:00/02:00), so the remaining time is added in real milliseconds.
   */
  addWorkingMinutes(start: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('working minutes must be a non-negative number');
    let remainingMs = minutes * 60_000;
    let t = start.getTime();
    let date = this.localDate(start);
    for (let guard = 0; guard < MAX_DAYS_SEARCHED; guard++) {
      const day = this.day(date);
      if (day.working && t < day.close) {
        t = Math.max(t, day.open);
        const available = day.close - t;
        if (remainingMs <= available) return new Date(t + remainingMs);
        remainingMs -= available;
        t = day.close;
      }
      date = nextDate(date);
    }
    throw new RangeError(`no working time found within ${MAX_DAYS_SEARCHED} days: check the calendar configuration`);
  }

  /** `addWorkingTime(start, {workingDays: 1})`: 1 working day is one working day's length of working time. */
  addWorkingTime(start: Date, duration: { workingDays?: number; workingHours?: number; workingMinutes?: number }): Date {
    const minutes = (duration.workingDays ?? 0) * this.workingDayMinutes + (duration.workingHours ?? 0) * 60 + (duration.workingMinutes ?? 0);
    return this.addWorkingMinutes(start, minutes);
  }

  /** The due time of a clock started at `start`. */
  dueAt(start: Date, duration: ClockDuration): Date {
    if (duration.aroundTheClock) return new Date(start.getTime() + ((duration.hours ?? 0) * 60 + (duration.minutes ?? 0)) * 60_000);
    return this.addWorkingTime(start, { workingDays: duration.workingDays, workingHours: duration.workingHours });
  }

  /**
   * RAG-6: the pre-closure window containing this instant, if any. The window is the configured
   * number of working days (weekdays that are not bank holidays) just before a closure period
   * starts, plus any non-working days between them and the closure.
   */
  preClosureWindow(at: Date): PreClosureWindow | null {
    const n = this.config.preClosureWorkingDays;
    if (n <= 0) return null;
    const date = this.localDate(at);
    for (const closure of this.closures) {
      if (closure.from <= date) continue;
      const windowStart = this.workingDaysBefore(closure.from, n);
      if (date >= windowStart) return { closure, windowStart };
      return null; // closures are sorted: a later one cannot start sooner
    }
    return null;
  }

  isInPreClosureWindow(at: Date): boolean {
    return this.preClosureWindow(at) !== null;
  }

  /** The date of the n-th working day counting back from the day before `date`. */
  private workingDaysBefore(date: string, n: number): string {
    let iso = date;
    let found = 0;
    for (let guard = 0; guard < MAX_DAYS_SEARCHED; guard++) {
      iso = nextDate(iso, -1);
      if (this.workingDays.has(isoWeekday(iso)) && !this.bankHolidays.has(iso)) found++;
      if (found === n) return iso;
    }
    throw new RangeError('no working days found before the closure period');
  }

  private day(date: string): { working: boolean; open: number; close: number } {
    let day = this.days.get(date);
    if (!day) {
      day = { working: this.isWorkingDay(date), open: this.atMinute(date, this.startMinute).toMillis(), close: this.atMinute(date, this.endMinute).toMillis() };
      if (this.days.size > 20_000) this.days.clear(); // bounded: decades of dates
      this.days.set(date, day);
    }
    return day;
  }

  /** Local wall-clock time `minute` minutes after midnight on `date`. */
  private atMinute(date: string, minute: number): DateTime {
    return DateTime.fromISO(date, { zone: this.zone }).set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
  }
}

/** YYYY-MM-DD plus (or minus) whole days. */
function nextDate(date: string, days = 1): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday ... 7 = Sunday. */
function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}
