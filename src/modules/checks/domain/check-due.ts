import { DateTime } from 'luxon';

/**
 * A check's due time when the requester gives none (SPEC CHK-1). The SLA clocks of the triage issue
 * own working-day maths with bank holidays; until a check's clock is started there, the stored
 * dueAt is this plain default: N weekdays later at the same London wall-clock time.
 */
export function plainDueAt(from: Date, workingDays: number): Date {
  let at = DateTime.fromJSDate(from, { zone: 'Europe/London' });
  for (let added = 0; added < workingDays; ) {
    at = at.plus({ days: 1 });
    if (at.weekday <= 5) added++;
  }
  return at.toJSDate();
}

/**
 * What the SLA clock service needs to run the check's due clock (SPEC RAG-5): the checks service passes
 * this to SlaClockService when a check is requested, and stops it when the check is answered or waived.
 */
export interface CheckDueClock {
  clockType: 'agency_check_due';
  entityType: 'agency_check';
  entityId: string;
  contactId: string;
  startedAt: Date;
  /** The requester's own due time, kept as given. */
  explicitDueAt: Date | null;
  /** Otherwise the clock runs this many working days on the calendar. */
  workingDays: number | null;
  /** The due time stored on the row now (explicit, or the plain default). */
  provisionalDueAt: Date;
}

export function checkDueClock(
  check: { id: string; contactId: string; requestedAt: Date; dueAt: Date; dueAtSource: 'requester' | 'default' },
  defaultWorkingDays: number,
): CheckDueClock {
  const explicit = check.dueAtSource === 'requester';
  return {
    clockType: 'agency_check_due',
    entityType: 'agency_check',
    entityId: check.id,
    contactId: check.contactId,
    startedAt: check.requestedAt,
    explicitDueAt: explicit ? check.dueAt : null,
    workingDays: explicit ? null : defaultWorkingDays,
    provisionalDueAt: check.dueAt,
  };
}
