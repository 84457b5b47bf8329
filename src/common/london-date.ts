/**
 * The calendar date in England of an instant, YYYY-MM-DD: contacts, references and reports are
 * dated in Europe/London, whatever the server's time zone.
 */
export function londonDate(at: Date): string {
  return LONDON.format(at);
}
// Built once: making a formatter costs far more than using one, and intake calls this on every request.
const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The year in England of an instant (reference numbers restart each London year). */
export function londonYear(at: Date): number {
  return Number(londonDate(at).slice(0, 4));
}
