/**
 * Accumulation flags (SPEC PPL-4) and the history facts grading reads (RAG-2), computed from a
 * child's ledger: the contacts about the child and the family, closures, status transitions, addresses
 * and households, all gathered by one query (persistence/subject-ledger.repository.ts). Each flag carries
 * the configured threshold it met and the contacts that caused it, so a worker can click through.
 * Windows count back from the anchor (the contact's received time), so re-running for the same
 * contact gives the same answer. Pure: no Nest, no TypeORM.
 */
import type { AccumulationFlag, SubjectFacts } from '../people-for-triage';
import { daysBefore, dateToInstant, monthsBefore, parseDate } from './dates';
import type { HistoryConfig } from './people-config';

export interface LedgerConcern {
  category: string;
  incidentDate: string | null;
}

/** A contact in which the child is a subject; concerns are those about this child. */
export interface ChildContact {
  contactId: string;
  receivedAt: Date;
  concerns: LedgerConcern[];
  /**
   * The agency that reported it: the submitting account's agency, or for a contact recorded by MASH
   * staff or imported, the referrer's organisation. Null for the public, who are not an agency.
   */
  agencyKey?: string | null;
}

/** A contact about the child, a sibling or a linked adult (as a subject or a household member). */
export interface FamilyContact {
  contactId: string;
  receivedAt: Date;
  categories: string[];
}

export interface Closure {
  kind: 'decision' | 'status_transition';
  id: string;
  contactId: string | null;
  at: Date;
  /** decision outcome, or the level the child moved to */
  code: string;
}

export interface Transition {
  id: string;
  personId: string;
  fromLevel: string | null;
  toLevel: string;
  effectiveAt: Date;
}

export interface AddressSeen {
  key: string;
  observedAt: Date;
  contactId: string | null;
}

export interface AdultSeen {
  contactId: string;
  personId: string | null;
  nameKey: string | null;
}

export interface Ledger {
  anchor: Date;
  /** The contact being triaged (on demand: the child's latest contact), or null when there is none. */
  currentContactId: string | null;
  /** The child's person ids (the child and anyone merged into it); empty when not linked. */
  childPersonIds: string[];
  siblingPersonIds: string[];
  childContacts: ChildContact[];
  familyContacts: FamilyContact[];
  closures: Closure[];
  transitions: Transition[];
  addresses: AddressSeen[];
  /** Adults in the households of the child's contacts (current and earlier). */
  adults: AdultSeen[];
  /** What the current contact says beyond concerns: its subjects' dates (for "birth") and all its concern categories. */
  current: { categories: string[]; subjects: { dateOfBirth: string | null; expectedDeliveryDate: string | null }[] } | null;
}

const CP = 'child_protection';

function inWindow(at: Date, from: Date, to: Date): boolean {
  return at.getTime() >= from.getTime() && at.getTime() <= to.getTime();
}

function newestFirst<T extends { receivedAt: Date; contactId: string }>(rows: T[]): string[] {
  return [...new Map([...rows].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime()).map((r) => [r.contactId, r])).keys()];
}

function concernDate(c: LedgerConcern, contact: ChildContact): Date {
  return c.incidentDate && parseDate(c.incidentDate) ? dateToInstant(c.incidentDate) : contact.receivedAt;
}

function episodes(ledger: Ledger, categories: string[], from: Date): { count: number; contactIds: string[] } {
  const hits: ChildContact[] = [];
  let count = 0;
  for (const contact of ledger.childContacts) {
    for (const concern of contact.concerns) {
      if (!categories.includes(concern.category)) continue;
      if (!inWindow(concernDate(concern, contact), from, ledger.anchor) || contact.receivedAt > ledger.anchor) continue;
      count++;
      hits.push(contact);
    }
  }
  return { count, contactIds: newestFirst(hits) };
}

export function computeFacts(ledger: Ledger, cfg: HistoryConfig): SubjectFacts {
  const own = ledger.transitions.filter((t) => ledger.childPersonIds.includes(t.personId) && t.effectiveAt <= ledger.anchor).sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
  const latest = own[own.length - 1];
  return {
    onCurrentCpPlan: latest?.toLevel === CP,
    everOnCpPlan: own.some((t) => t.toLevel === CP || t.fromLevel === CP),
    selfHarmEpisodesLast90Days: episodes(ledger, cfg.facts.selfHarm.categories, daysBefore(ledger.anchor, cfg.facts.selfHarm.withinDays)).count,
    neglectReportingAgenciesLast12Months: neglectAgencies(ledger, cfg).length,
  };
}

/**
 * The distinct agencies that reported neglect about the child in the window (TRI 3.2.2: neglect shows
 * as poor growth to one agency, missed appointments to another, poor attendance to a third). A
 * contact counts by when it was received: it is when that agency told us.
 */
export function neglectAgencies(ledger: Ledger, cfg: HistoryConfig): string[] {
  const n = cfg.facts.neglectAgencies;
  const from = monthsBefore(ledger.anchor, n.withinMonths);
  const agencies = new Set<string>();
  for (const c of ledger.childContacts) {
    if (!c.agencyKey || !inWindow(c.receivedAt, from, ledger.anchor)) continue;
    if (c.concerns.some((x) => n.categories.includes(x.category))) agencies.add(c.agencyKey);
  }
  return [...agencies].sort();
}

export function computeFlags(ledger: Ledger, cfg: HistoryConfig): AccumulationFlag[] {
  const f = cfg.flags;
  const { anchor, currentContactId } = ledger;
  const flags: AccumulationFlag[] = [];
  const childContacts = ledger.childContacts.filter((c) => c.receivedAt <= anchor);
  const earlierChildContacts = childContacts.filter((c) => c.contactId !== currentContactId);
  const current = childContacts.find((c) => c.contactId === currentContactId);

  // Repeat contacts about the child.
  {
    const from = monthsBefore(anchor, f.repeatContacts.withinMonths);
    const hits = childContacts.filter((c) => inWindow(c.receivedAt, from, anchor));
    if (hits.length >= f.repeatContacts.count) {
      flags.push({ ruleId: 'PPL-4.repeat-contacts', label: `${hits.length} contacts in ${f.repeatContacts.withinMonths} months`, threshold: { ...f.repeatContacts }, causingContactIds: newestFirst(hits) });
    }
  }

  // Re-contact soon after an NFA or a closure.
  if (currentContactId) {
    const c = f.recontactAfterClosure;
    const from = monthsBefore(anchor, c.withinMonths);
    const closures = ledger.closures
      .filter((x) => x.contactId !== currentContactId && x.at < anchor && inWindow(x.at, from, anchor))
      .filter((x) => (x.kind === 'decision' ? c.outcomes.includes(x.code) : c.closureLevels.includes(x.code)))
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    if (closures.length) {
      const ids = [currentContactId, ...closures.map((x) => x.contactId).filter((id): id is string => !!id)];
      flags.push({
        ruleId: 'PPL-4.recontact-after-closure',
        label: `Contact within ${c.withinMonths} months of ${closures[0].kind === 'decision' ? `a ${closures[0].code} decision` : 'a closure'}`,
        threshold: { withinMonths: c.withinMonths },
        causingContactIds: [...new Set(ids)],
        evidence: closures.map((x) => ({ kind: x.kind, id: x.id, at: x.at.toISOString() })),
      });
    }
  }

  // Repeat allegation of the same type, now raised again.
  if (current) {
    const r = f.repeatAllegation;
    const from = monthsBefore(anchor, r.withinMonths);
    const now = new Set(current.concerns.map((c) => c.category).filter((c) => r.categories.includes(c)));
    const repeated: string[] = [];
    const causing: ChildContact[] = [];
    for (const category of now) {
      const hits = childContacts.filter((c) => inWindow(c.receivedAt, from, anchor) && c.concerns.some((x) => x.category === category));
      if (hits.length >= r.count) {
        repeated.push(category);
        causing.push(...hits);
      }
    }
    if (repeated.length) {
      flags.push({ ruleId: 'PPL-4.repeat-allegation', label: `Repeat allegation: ${repeated.sort().join(', ')}`, threshold: { count: r.count, withinMonths: r.withinMonths }, causingContactIds: newestFirst(causing) });
    }
  }

  // DA notifications for the household (the child, siblings, linked adults).
  {
    const d = f.daNotifications;
    const from = monthsBefore(anchor, d.withinMonths);
    const hits = ledger.familyContacts.filter((c) => c.receivedAt <= anchor && inWindow(c.receivedAt, from, anchor) && c.categories.some((x) => d.categories.includes(x)));
    const ids = newestFirst(hits);
    if (ids.length >= d.count) flags.push({ ruleId: 'PPL-4.da-notifications', label: `${ids.length} domestic abuse notifications for the household in ${d.withinMonths} months`, threshold: { count: d.count, withinMonths: d.withinMonths }, causingContactIds: ids });
  }

  // Missing episodes (prompts CSE screening).
  {
    const m = f.missingEpisodes;
    const e = episodes(ledger, m.categories, daysBefore(anchor, m.withinDays));
    if (e.count >= m.count) flags.push({ ruleId: 'PPL-4.missing-episodes', label: `${e.count} missing episodes in ${m.withinDays} days: consider CSE screening`, threshold: { count: m.count, withinDays: m.withinDays }, causingContactIds: e.contactIds });
  }

  // Was-not-brought, from any agencies.
  {
    const w = f.wasNotBrought;
    const e = episodes(ledger, w.categories, monthsBefore(anchor, w.withinMonths));
    if (e.count >= w.count) flags.push({ ruleId: 'PPL-4.was-not-brought', label: `${e.count} was-not-brought events in ${w.withinMonths} months`, threshold: { count: w.count, withinMonths: w.withinMonths }, causingContactIds: e.contactIds });
  }

  // Frequent mover.
  {
    const m = f.frequentMover;
    const from = monthsBefore(anchor, m.withinMonths);
    const seen = ledger.addresses.filter((a) => inWindow(a.observedAt, from, anchor));
    const distinct = new Set(seen.map((a) => a.key));
    if (distinct.size >= m.count) {
      const ids = [...new Set(seen.sort((a, b) => b.observedAt.getTime() - a.observedAt.getTime()).map((a) => a.contactId).filter((id): id is string => !!id))];
      flags.push({ ruleId: 'PPL-4.frequent-mover', label: `${distinct.size} addresses in ${m.withinMonths} months`, threshold: { count: m.count, withinMonths: m.withinMonths }, causingContactIds: ids });
    }
  }

  // New adult in the household, against what earlier contacts about the child said.
  if (current) {
    const n = f.newAdult;
    const from = monthsBefore(anchor, n.lookbackMonths);
    const earlier = earlierChildContacts.filter((c) => inWindow(c.receivedAt, from, anchor));
    const earlierIds = new Set(earlier.map((c) => c.contactId));
    const known = ledger.adults.filter((a) => earlierIds.has(a.contactId));
    const knownPeople = new Set(known.map((a) => a.personId).filter(Boolean));
    const knownNames = new Set(known.map((a) => a.nameKey).filter(Boolean));
    const newcomers = earlier.length
      ? ledger.adults.filter((a) => a.contactId === current.contactId && !(a.personId && knownPeople.has(a.personId)) && !(a.nameKey && knownNames.has(a.nameKey)))
      : [];
    const reported = (ledger.current?.categories ?? []).some((c) => n.categories.includes(c));
    if (newcomers.length >= n.count || reported) {
      flags.push({
        ruleId: 'PPL-4.new-adult',
        label: reported && newcomers.length < n.count ? 'New adult in the household (reported)' : `${newcomers.length} new adult(s) in the household`,
        threshold: { count: n.count, lookbackMonths: n.lookbackMonths },
        causingContactIds: [current.contactId, ...newestFirst(earlier)],
        evidence: newcomers.filter((a) => a.personId).map((a) => ({ kind: 'person', id: a.personId! })),
      });
    }
  }

  // Pregnancy or birth in a family already known: re-appraise, do not start again.
  if (currentContactId && ledger.current) {
    const p = f.pregnancyOrBirth;
    const birthFrom = monthsBefore(anchor, p.birthWithinMonths);
    const unborn = ledger.current.subjects.some((s) => !s.dateOfBirth && !!s.expectedDeliveryDate);
    const born = ledger.current.subjects.some((s) => !!s.dateOfBirth && parseDate(s.dateOfBirth) !== null && inWindow(dateToInstant(s.dateOfBirth), birthFrom, anchor));
    const pregnancy = ledger.current.categories.some((c) => p.categories.includes(c));
    if (unborn || born || pregnancy) {
      const from = monthsBefore(anchor, p.lookbackMonths);
      const earlier = ledger.familyContacts.filter((c) => c.contactId !== currentContactId && c.receivedAt < anchor && inWindow(c.receivedAt, from, anchor));
      const ids = newestFirst(earlier);
      if (ids.length >= p.earlierContacts) {
        flags.push({
          ruleId: 'PPL-4.pregnancy-or-birth',
          label: `${unborn || pregnancy ? 'Pregnancy' : 'Birth'} in a family with ${ids.length} earlier contact(s): re-appraise the history`,
          threshold: { earlierContacts: p.earlierContacts, lookbackMonths: p.lookbackMonths },
          causingContactIds: [currentContactId, ...ids],
        });
      }
    }
  }

  // Cumulative harm: the chronic harms reported again and again about the household, over years.
  {
    const h = f.cumulativeHarm;
    const from = monthsBefore(anchor, h.withinMonths);
    const hits = ledger.familyContacts.filter((c) => c.receivedAt <= anchor && inWindow(c.receivedAt, from, anchor) && c.categories.some((x) => h.categories.includes(x)));
    const ids = newestFirst(hits);
    if (ids.length >= h.count) {
      flags.push({
        ruleId: 'PPL-4.cumulative-harm',
        label: `${ids.length} contacts about domestic abuse, parental substance misuse or mental ill-health, or neglect in ${h.withinMonths} months`,
        threshold: { count: h.count, withinMonths: h.withinMonths },
        causingContactIds: ids,
      });
    }
  }

  // A sibling or half-sibling on a current or past child protection plan.
  {
    const onPlan = ledger.transitions.filter((t) => ledger.siblingPersonIds.includes(t.personId) && t.effectiveAt <= anchor && (t.toLevel === CP || t.fromLevel === CP));
    const siblings = [...new Set(onPlan.map((t) => t.personId))];
    if (siblings.length >= f.siblingCpPlan.count) {
      flags.push({
        ruleId: 'PPL-4.sibling-cp-plan',
        label: `${siblings.length} sibling(s) on a current or past child protection plan`,
        threshold: { count: f.siblingCpPlan.count },
        causingContactIds: [],
        evidence: onPlan.map((t) => ({ kind: 'status_transition', id: t.id, personId: t.personId, at: t.effectiveAt.toISOString() })),
      });
    }
  }

  return flags;
}
