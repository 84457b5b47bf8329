import type { ChronologyEvent } from '../../../modules/people/domain/chronology';
import type { History, HistoryPerson } from '../../../modules/people/history/history.service';
import { formatDate, formatDateTime } from '../../view-models/dates';
import { pageTitle } from '../../view-models/page';
import { LEVEL_WORDS, personName, STATUS_WORDS, words } from './words';

export const CHILD_TABS = ['overview', 'history', 'household', 'chronology', 'decisions', 'strategy', 'status'] as const;
export type ChildTab = (typeof CHILD_TABS)[number];
const TAB_WORDS: Record<ChildTab, string> = { overview: 'Overview', history: 'History', household: 'Household', chronology: 'Chronology', decisions: 'Decisions', strategy: 'Strategy', status: 'Status' };

export interface PersonSummary {
  id: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  expectedDeliveryDate: string | null;
  nhsNumber: string | null;
  postcode: string | null;
  previousNames: { firstName: string | null; lastName: string | null }[];
  aliases: { firstName: string | null; lastName: string | null }[];
  addresses: { line1: string | null; town: string | null; postcode: string | null; addressType: string | null; fromDate: string | null }[];
  relationships: { personId: string; relationship: string; firstName: string | null; lastName: string | null; parentalResponsibility: string | null; resident: boolean | null }[];
  flags: { kind: string; note: string | null }[];
  status: { current: { level: string; since: string } | null; cpPlans: { startedAt: string; endedAt: string | null; categoryOfAbuse: string | null }[]; onCurrentCpPlan: boolean };
  accumulationFlags: { ruleId: string; label: string; causingContactIds: string[] }[];
  pendingCandidates: number;
}

/** The frame every tab shares: the child's name in the identity bar and the sub-navigation. */
export function childFrame(person: PersonSummary, tab: ChildTab) {
  const name = personName(person, person.expectedDeliveryDate && !person.dateOfBirth ? 'Unborn child' : 'Name not known');
  const base = `/mash/children/${person.id}`;
  return {
    title: pageTitle(`${name}: ${TAB_WORDS[tab].toLowerCase()}`),
    name,
    identity: [
      person.dateOfBirth ? `Born ${formatDate(person.dateOfBirth)}` : person.expectedDeliveryDate ? `Due ${formatDate(person.expectedDeliveryDate)}` : 'Date of birth not known',
      person.nhsNumber ? `NHS number ${person.nhsNumber}` : null,
      person.postcode ? `Postcode ${person.postcode}` : null,
    ].filter(Boolean),
    cpPlan: person.status.onCurrentCpPlan,
    tabs: CHILD_TABS.map((t) => ({ text: TAB_WORDS[t], href: t === 'overview' ? base : `${base}/${t}`, active: t === tab })),
    base,
  };
}

export function overviewTab(person: PersonSummary, causing: Map<string, { reference: string; receivedAt: string }>) {
  return {
    alert: person.accumulationFlags.length
      ? person.accumulationFlags.map((f) => ({ label: f.label, contacts: f.causingContactIds.map((id) => causing.get(id)).filter(Boolean).map((c) => `${c!.reference} (${formatDate(c!.receivedAt.slice(0, 10))})`) }))
      : null,
    details: [
      { key: 'Name', value: personName(person) },
      { key: 'Previous names and aliases', value: [...person.previousNames, ...person.aliases].map((n) => personName(n)).join(', ') || 'None recorded' },
      { key: 'Date of birth', value: person.dateOfBirth ? formatDate(person.dateOfBirth) : person.expectedDeliveryDate ? `Unborn, due ${formatDate(person.expectedDeliveryDate)}` : 'Not known' },
      { key: 'Level now', value: person.status.current ? `${LEVEL_WORDS[person.status.current.level] ?? words(person.status.current.level)} since ${formatDate(person.status.current.since.slice(0, 10))}` : 'Not known to services' },
      { key: 'Child protection plan', value: person.status.onCurrentCpPlan ? 'On a child protection plan now' : person.status.cpPlans.length ? 'Was on a plan before' : 'Never' },
      { key: 'Standing flags', value: person.flags.map((f) => words(f.kind)).join(', ') || 'None' },
      { key: 'Addresses', value: person.addresses.map((a) => [a.line1, a.town, a.postcode].filter(Boolean).join(', ') || words(a.addressType)).join('; ') || 'None recorded' },
    ],
    pendingCandidates: person.pendingCandidates,
  };
}

function relationWords(p: HistoryPerson): string {
  const r = p.relation;
  if (r.kind === 'self') return 'This child';
  if (r.kind === 'adult') return words(r.relationship);
  if (r.kind === 'adults_child') return `Child of the ${words(r.viaRelationship).toLowerCase()}`;
  return words(r.kind);
}

export function historyTab(history: History, personId: string) {
  const people = new Map(history.family.map((p) => [p.personId, p]));
  return {
    family: history.family.map((p) => ({
      name: personName(p),
      relation: relationWords(p),
      born: p.dateOfBirth ? formatDate(p.dateOfBirth) : 'Not known',
      level: p.currentLevel ? LEVEL_WORDS[p.currentLevel.level] ?? words(p.currentLevel.level) : 'Not known to services',
      cpPlan: p.cpPlans.some((c) => !c.endedAt) ? 'On a CP plan now' : p.cpPlans.length ? 'Past CP plan' : null,
      href: p.personId === personId ? null : `/mash/children/${p.personId}`,
    })),
    items: history.items.map((i) => ({
      reference: i.reference,
      href: `/mash/contacts/${i.contactId}`,
      received: formatDateTime(i.receivedAt),
      from: [words(i.sourceAgency), i.anonymous ? 'anonymous' : null, i.channel === 'out_of_hours' ? 'out of hours' : null].filter(Boolean).join(', '),
      about: i.involved.map((v) => `${personName(people.get(v.personId) ?? {}, 'someone')}${v.role === 'household' ? ' (household)' : ''}`).join(', '),
      concerns: i.concernCategories.map(words).join(', '),
      status: STATUS_WORDS[i.status] ?? words(i.status),
      decisions: i.decisions.map((d) => `${personName(people.get(d.personId ?? '') ?? {}, 'child')}: ${words(d.outcome)} (${words(d.status).toLowerCase()})`),
    })),
    nextHref: history.nextCursor ? `?cursor=${encodeURIComponent(history.nextCursor)}` : null,
  };
}

export function decisionsTab(history: History, personIds: string[]) {
  return history.items.flatMap((i) =>
    i.decisions
      .filter((d) => d.personId && personIds.includes(d.personId))
      .map((d) => ({ reference: i.reference, href: `/mash/contacts/${i.contactId}`, outcome: words(d.outcome), level: `Level ${d.thresholdLevel}`, status: words(d.status), decided: formatDateTime(d.decidedAt) })),
  );
}

export interface ChronologyFilter {
  view: 'full' | 'key';
  scope: 'child' | 'household';
  agency?: string;
}

/** The chronology as the MoJ timeline (SPEC PPL-5), newest first, with the filters and the export links. */
export function chronologyTab(events: ChronologyEvent[], filter: ChronologyFilter, personId: string) {
  const agencies = [...new Set(events.map((e) => e.sourceAgency).filter((a): a is string => !!a))].sort();
  const shown = events.filter((e) => !filter.agency || e.sourceAgency === filter.agency);
  const q = new URLSearchParams({ view: filter.view, scope: filter.scope });
  return {
    filter: {
      view: [
        { value: 'full', text: 'All events', checked: filter.view === 'full' },
        { value: 'key', text: 'Key events only', checked: filter.view === 'key' },
      ],
      scope: [
        { value: 'child', text: 'This child', checked: filter.scope === 'child' },
        { value: 'household', text: 'The whole household', checked: filter.scope === 'household' },
      ],
      agency: [{ value: '', text: 'All agencies', selected: !filter.agency }, ...agencies.map((a) => ({ value: a, text: words(a), selected: a === filter.agency }))],
    },
    events: [...shown].reverse().map(timelineItem),
    count: shown.length,
    csvHref: `/mash/children/${personId}/chronology.csv?${q}`,
    printHref: `/mash/children/${personId}/chronology/print?${q}`,
  };
}

export function timelineItem(e: ChronologyEvent) {
  return {
    label: words(e.eventType.replace('.', ' ')),
    key: e.keyEvent,
    date: formatDateTime(e.eventDate),
    iso: e.eventDate,
    agency: e.sourceAgency ? words(e.sourceAgency) : null,
    summary: e.summary,
    reference: e.reference,
    href: e.contactId ? `/mash/contacts/${e.contactId}` : null,
  };
}

export function statusTab(status: { level: string; since: string | null; leadProfessional: { name: string | null } | null; responsible: string; pendingStepDown: { leadProfessionalName: string } | null; categoryOfAbuse: string | null }, cpPlans: PersonSummary['status']['cpPlans']) {
  return {
    rows: [
      { key: 'Level', value: LEVEL_WORDS[status.level] ?? words(status.level) },
      { key: 'Since', value: status.since ? formatDate(status.since.slice(0, 10)) : 'Not recorded' },
      { key: 'Lead professional', value: status.leadProfessional?.name ?? 'None named' },
      { key: 'Who holds the risk now', value: { mash: 'The MASH', lead_professional: 'The lead professional', case_system: 'Children’s social care', none: 'Nobody' }[status.responsible] ?? words(status.responsible) },
      { key: 'Step-down', value: status.pendingStepDown ? `Waiting for ${status.pendingStepDown.leadProfessionalName} to accept` : 'None pending' },
      { key: 'Category of abuse', value: status.categoryOfAbuse ?? 'None' },
    ],
    cpPlans: cpPlans.map((p) => ({ started: formatDate(p.startedAt.slice(0, 10)), ended: p.endedAt ? formatDate(p.endedAt.slice(0, 10)) : 'Current', category: p.categoryOfAbuse ?? 'Not recorded' })),
  };
}
