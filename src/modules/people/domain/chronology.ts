/**
 * The chronology read model (SPEC PPL-5): events from every module, merged, in date order, with event
 * date, recorded date, source agency and a key-event flag; views full / key / by-agency; CSV export.
 * Events come from registered sources (chronology/chronology-source.ts); nothing here is typed in by
 * hand. Pure: no Nest, no TypeORM.
 */

export interface ChronologyEvent {
  /** Stable id: `<module>.<kind>.<row id>` */
  id: string;
  personId: string;
  /** The module that owns the record: contacts, triage, decisions, strategy, step-downs, feedback, challenges, partners... */
  module: string;
  /** e.g. contact.received, decision.recorded, status.changed */
  eventType: string;
  /** When it happened (ISO date or instant); for a concern, the incident date where known. */
  eventDate: string;
  /** When the service recorded it (ISO instant). */
  recordedAt: string;
  sourceAgency: string | null;
  keyEvent: boolean;
  /** Codes and short words only: category codes, outcomes, levels. */
  summary: string;
  contactId: string | null;
  reference: string | null;
}

export const CHRONOLOGY_VIEWS = ['full', 'key', 'by-agency'] as const;
export type ChronologyView = (typeof CHRONOLOGY_VIEWS)[number];

/** Oldest first, as a chronology is read in a meeting; ties broken by recorded time then id. */
export function sortChronology(events: ChronologyEvent[]): ChronologyEvent[] {
  return [...events].sort((a, b) => a.eventDate.localeCompare(b.eventDate) || a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id));
}

export const UNKNOWN_AGENCY = 'Unknown agency';

/** The events a view shows, in its order: key keeps key events only; by-agency groups by agency (alphabetical), dated within. */
export function applyView(events: ChronologyEvent[], view: ChronologyView): ChronologyEvent[] {
  const sorted = sortChronology(events);
  if (view === 'key') return sorted.filter((e) => e.keyEvent);
  if (view === 'by-agency') {
    return [...sorted].sort((a, b) => (a.sourceAgency ?? UNKNOWN_AGENCY).localeCompare(b.sourceAgency ?? UNKNOWN_AGENCY) || 0);
  }
  return sorted;
}

export function groupByAgency(events: ChronologyEvent[]): { sourceAgency: string; events: ChronologyEvent[] }[] {
  const groups = new Map<string, ChronologyEvent[]>();
  for (const e of applyView(events, 'by-agency')) {
    const key = e.sourceAgency ?? UNKNOWN_AGENCY;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(e);
  }
  return [...groups.entries()].map(([sourceAgency, list]) => ({ sourceAgency, events: list }));
}

export const CSV_COLUMNS = ['event_date', 'recorded_at', 'source_agency', 'key_event', 'module', 'event_type', 'summary', 'contact_reference', 'person_id', 'event_id'] as const;

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvCell(value: string | null | undefined): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(events: ChronologyEvent[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events) {
    lines.push(
      [e.eventDate, e.recordedAt, e.sourceAgency ?? UNKNOWN_AGENCY, e.keyEvent ? 'yes' : 'no', e.module, e.eventType, e.summary, e.reference, e.personId, e.id].map(csvCell).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Who a contact came from, as a chronology or history shows it: the agency, or the kind of public referrer. */
export function contactSource(agencyName: string | null, referrerType: string, anonymous: boolean): string {
  if (agencyName) return agencyName;
  if (anonymous) return 'Anonymous referrer';
  return `Public (${referrerType.replace(/_/g, ' ')})`;
}
