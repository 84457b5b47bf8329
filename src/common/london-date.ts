/**
 * The calendar date in England of an instant, YYYY-MM-DD: contacts, references and reports are
 * dated in Europe/London, whatever the server's time zone.
 */
export function londonDate(at: Date): string {
  const minute = Math.floor(at.getTime() / MINUTE_MS);
  if (minute !== last.minute) last = { minute, date: LONDON.format(at) };
  return last.date;
}
// Built once: making a formatter costs far more than using one, and intake calls this on every request.
const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
/**
 * London's offset from UTC is a whole number of hours, so its date changes only on a UTC minute
 * boundary: every instant of one UTC minute has the same London date. Formatting is still the
 * dearest part of the call (1% of the API's CPU under bench:intake), so the last minute's answer is kept.
 */
const MINUTE_MS = 60_000;
let last = { minute: NaN, date: '' };

/** The year in England of an instant (reference numbers restart each London year). */
export function londonYear(at: Date): number {
  return Number(londonDate(at).slice(0, 4));
}
