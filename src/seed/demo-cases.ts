import type { INestApplication } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { ChildStatusService } from '../modules/step-downs/child-status.service';
import { Contact } from '../modules/contacts/persistence/contact.entity';
import { ContactConcern } from '../modules/contacts/persistence/contact-concern.entity';
import { ContactHouseholdMember } from '../modules/contacts/persistence/contact-household-member.entity';
import { ContactReferrer } from '../modules/contacts/persistence/contact-referrer.entity';
import { ContactSubject } from '../modules/contacts/persistence/contact-subject.entity';
import type { ConcernCategory, ReferrerType } from '../modules/contacts/domain/contact-vocabulary';
import { DecisionsService } from '../modules/decisions/decisions.service';
import { AuditSamplingService } from '../modules/oversight/audits/audit-sampling.service';
import { StrategyRequestsService } from '../modules/strategy/strategy-requests.service';
import { AssignmentService } from '../modules/triage/assignment.service';
import { GradeConfirmationService } from '../modules/triage/grade-confirmation.service';
import { TriageQueryService } from '../modules/triage/triage-query.service';
import { OutboxService } from '../queue/outbox.service';
import { jobId, QUEUES } from '../queue/queue-names';

/**
 * A demonstration caseload for `npm run dev` (development only; never called on a production path):
 * a few dozen contacts across grades, stages and families, with history and accumulation flags, a
 * child on a CP plan with a new allegation and a police strategy request, a grade lowering waiting
 * for a manager, an early-help step-down waiting for the lead professional, and an audit sample.
 * Contacts are stored as intake stores them (with their triage outbox row) but with past received
 * times, so deadlines, history and flags look like a working week; everything after that goes
 * through the worker process and the same use cases as the API. Idempotent: skipped when present.
 */
const DAY = 24 * 3600_000;
const HOUR = 3600_000;

interface DemoChild { firstName: string; lastName: string; dateOfBirth: string; sex: 'M' | 'F'; postcode: string; school?: string }
interface DemoAdult { firstName: string; lastName: string; relationship: string; parentalResponsibility: 'yes' | 'no' | 'unknown'; resident: boolean; sex: 'M' | 'F' }
interface DemoContact {
  ago: number;
  channel: Contact['channel'];
  referrerType: ReferrerType;
  anonymous?: boolean;
  referrer?: { name: string; role?: string; organisation?: string; relationshipToChild?: string };
  urgency?: 'routine' | 'urgent' | 'immediate_risk';
  children: DemoChild[];
  adults?: DemoAdult[];
  concerns: { category: ConcernCategory; description: string }[];
}

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
const years = (n: number, days = 0) => iso(n * 365.25 * DAY + days * DAY);

const LILY: DemoChild = { firstName: 'Lily', lastName: 'Novak', dateOfBirth: years(7, 40), sex: 'F', postcode: 'NS4 2QT', school: 'Riverside Primary School' };
const MAX: DemoChild = { firstName: 'Max', lastName: 'Novak', dateOfBirth: years(3, 100), sex: 'M', postcode: 'NS4 2QT' };
const NOVAK_ADULTS: DemoAdult[] = [
  { firstName: 'Eva', lastName: 'Novak', relationship: 'mother', parentalResponsibility: 'yes', resident: true, sex: 'F' },
  { firstName: 'Dean', lastName: 'Hart', relationship: 'mothers_partner', parentalResponsibility: 'no', resident: true, sex: 'M' },
];
const JAYDEN: DemoChild = { firstName: 'Jayden', lastName: 'Price', dateOfBirth: years(8, 20), sex: 'M', postcode: 'NS7 1LB', school: 'Riverside Primary School' };
const KELLY: DemoAdult = { firstName: 'Kelly', lastName: 'Price', relationship: 'mother', parentalResponsibility: 'yes', resident: true, sex: 'F' };

/** Earlier contacts (decided), so the open ones have history and flags. */
const EARLIER: DemoContact[] = [
  { ago: 280 * DAY, channel: 'professional', referrerType: 'professional', referrer: { name: 'Rita Referrer', role: 'Designated safeguarding lead', organisation: 'Riverside Primary School' }, children: [LILY], adults: NOVAK_ADULTS, concerns: [{ category: 'neglect_indicator', description: 'Lily often arrives hungry and in the same clothes all week.' }] },
  { ago: 120 * DAY, channel: 'professional', referrerType: 'partner', referrer: { name: 'Helen Health Visitor', organisation: 'Northshire Health Visiting Team' }, children: [LILY], adults: NOVAK_ADULTS, concerns: [{ category: 'da_incident', description: 'Mum told the health visitor of shouting and a push by her partner last week; Lily was at home.' }] },
  { ago: 200 * DAY, channel: 'professional', referrerType: 'professional', referrer: { name: 'Dr Gita GP', organisation: 'Hillview GP Practice' }, children: [JAYDEN], adults: [KELLY], concerns: [{ category: 'was_not_brought', description: 'Jayden was not brought to three appointments for his asthma.' }] },
];

const FIRST = ['Olivia', 'Noah', 'Amelia', 'Leo', 'Isla', 'Oscar', 'Ava', 'Arlo', 'Mia', 'Theo', 'Freya', 'Archie', 'Ivy', 'Alfie', 'Sofia', 'Harry', 'Grace', 'Musa', 'Zara', 'Kai', 'Maya', 'Finley'];
const LAST = ['Khan', 'Evans', 'Wright', 'Murphy', 'Patel', 'Clarke', 'Walsh', 'Hughes', 'Ahmed', 'Kowalski', 'Reid', 'Byrne', 'Shah', 'Doyle', 'Lewis', 'Okoro', 'Fraser', 'Nowak', 'Bell', 'Hussain', 'Carter', 'Ward'];
const ROUTINE: { category: ConcernCategory; description: string; referrerType: ReferrerType; channel: Contact['channel'] }[] = [
  { category: 'home_conditions', description: 'Home visit found little food and no heating.', referrerType: 'professional', channel: 'professional' },
  { category: 'parental_mental_health', description: 'Mother says she is struggling and low since the birth.', referrerType: 'partner', channel: 'professional' },
  { category: 'da_incident', description: 'Police attended a domestic incident; the child was asleep upstairs.', referrerType: 'police', channel: 'police_notification' },
  { category: 'self_harm', description: 'Cuts seen on her arm in PE; she said she did it herself.', referrerType: 'professional', channel: 'professional' },
  { category: 'was_not_brought', description: 'Not brought to two dental appointments.', referrerType: 'partner', channel: 'professional' },
  { category: 'neglect_indicator', description: 'Often late, tired and hungry; uniform unwashed.', referrerType: 'professional', channel: 'professional' },
  { category: 'missing_episode', description: 'Reported missing overnight, found at a friend’s house.', referrerType: 'police', channel: 'police_notification' },
  { category: 'parental_substance_misuse', description: 'Father smelled of alcohol at school pick-up twice this week.', referrerType: 'relative', channel: 'public' },
  { category: 'emotional_abuse', description: 'Neighbour hears the child being shouted at and called names most evenings.', referrerType: 'neighbour', channel: 'public' },
  { category: 'other', description: 'Hospital asks whether this child is known to children’s services.', referrerType: 'mash_staff', channel: 'hospital_enquiry' },
  { category: 'injury', description: 'Bruise on the cheek; explanation changed twice.', referrerType: 'professional', channel: 'professional' },
];

function openContacts(): DemoContact[] {
  const list: DemoContact[] = [
    // The neighbour's public contact about a child on a CP plan (Q): RED, with a police strategy request.
    { ago: 2 * HOUR, channel: 'public', referrerType: 'neighbour', referrer: { name: 'Pam Neighbour', relationshipToChild: 'neighbour' }, children: [JAYDEN], adults: [KELLY], concerns: [{ category: 'injury', description: 'Saw bruises on both of Jayden’s arms in the garden; he flinched when his mum called him.' }] },
    // The third contact about Lily in a year: repeat contacts.
    { ago: 5 * HOUR, channel: 'public', referrerType: 'neighbour', referrer: { name: 'Tom Next-Door', relationshipToChild: 'neighbour' }, children: [LILY, MAX], adults: NOVAK_ADULTS, concerns: [{ category: 'home_conditions', description: 'Shouting and a child crying late at night; the children were outside alone at 10pm.' }] },
    { ago: 1 * HOUR, channel: 'hospital_enquiry', referrerType: 'mash_staff', referrer: { name: 'Sister Jo Adams', organisation: 'Northshire General A&E' }, children: [{ firstName: 'Amara', lastName: 'Okafor', dateOfBirth: iso(100 * DAY), sex: 'F', postcode: 'NS2 8HD' }], concerns: [{ category: 'injury', description: 'Baby brought in with a fractured arm; parents say she rolled off the sofa.' }] },
    { ago: 3 * HOUR, channel: 'professional', referrerType: 'professional', referrer: { name: 'Rita Referrer', organisation: 'Riverside Primary School' }, children: [{ firstName: 'Chloe', lastName: 'Ward', dateOfBirth: years(14, 30), sex: 'F', postcode: 'NS3 5RF' }], concerns: [{ category: 'sexual_abuse', description: 'A friend says Chloe told her an older man sends her messages and money.' }] },
    { ago: 2 * DAY, channel: 'professional', referrerType: 'partner', referrer: { name: 'Helen Health Visitor' }, children: [{ firstName: 'Oliver', lastName: 'Bennett', dateOfBirth: years(11, 10), sex: 'M', postcode: 'NS5 3AA' }], concerns: [{ category: 'home_conditions', description: 'Family recently moved; mum asks for help with routines and school attendance.' }] },
  ];
  for (let i = 0; i < 24; i++) {
    const r = ROUTINE[i % ROUTINE.length];
    const age = 1 + ((i * 5) % 16);
    list.push({
      ago: (20 + i * 170) * 60_000 + (i % 4) * DAY,
      channel: r.channel,
      referrerType: r.referrerType,
      anonymous: r.channel === 'public' && i % 3 === 0,
      referrer: r.channel === 'public' && i % 3 === 0 ? undefined : { name: `${FIRST[(i + 7) % FIRST.length]} ${LAST[(i + 3) % LAST.length]}` },
      urgency: i % 9 === 4 ? 'urgent' : undefined,
      children: [{ firstName: FIRST[i % FIRST.length], lastName: LAST[i % LAST.length], dateOfBirth: years(age, i * 11), sex: i % 2 ? 'M' : 'F', postcode: `NS${1 + (i % 9)} ${1 + (i % 7)}AB` }],
      concerns: [{ category: r.category, description: r.description }],
    });
  }
  return list;
}

async function store(em: EntityManager, c: DemoContact, n: number, userIds: Map<string, string>): Promise<{ id: string; subjectIds: string[] }> {
  const receivedAt = new Date(Date.now() - c.ago);
  const submitter = c.channel === 'police_notification' ? userIds.get('police@mash.localhost') : c.channel === 'public' ? null : c.referrerType === 'mash_staff' ? userIds.get('worker@mash.localhost') : userIds.get('referrer@mash.localhost');
  const contact = await em.save(em.create(Contact, {
    reference: `MASH-${receivedAt.getUTCFullYear()}-${String(900000 + n)}`, channel: c.channel, status: 'received', receivedAt, referrerType: c.referrerType,
    anonymous: !!c.anonymous, consentStatus: 'unknown', urgency: c.urgency ?? null, submittedByUserId: submitter ?? null,
  }));
  if (c.referrer) await em.save(em.create(ContactReferrer, { contactId: contact.id, name: c.referrer.name, role: c.referrer.role ?? null, organisation: c.referrer.organisation ?? null, phone: null, email: null, relationshipToChild: c.referrer.relationshipToChild ?? null }));
  const subjects = await em.save(c.children.map((ch, position) => em.create(ContactSubject, {
    contactId: contact.id, position, firstName: ch.firstName, lastName: ch.lastName, dateOfBirth: ch.dateOfBirth, sex: ch.sex, aliases: [], addressType: 'permanent', postcode: ch.postcode, school: ch.school ?? null,
  })));
  await em.save((c.adults ?? []).map((a, position) => em.create(ContactHouseholdMember, {
    contactId: contact.id, position, firstName: a.firstName, lastName: a.lastName, relationship: a.relationship as ContactHouseholdMember['relationship'], parentalResponsibility: a.parentalResponsibility, resident: a.resident, sex: a.sex, aliases: [], knownRisks: [],
  })));
  await em.save(c.concerns.map((k, position) => em.create(ContactConcern, { contactId: contact.id, position, category: k.category, description: k.description, subjectIds: subjects.map((s) => s.id) })));
  await new OutboxService().add(em, { queue: QUEUES.triage, jobName: 'contact.received', jobId: jobId('triage', contact.id), payload: { contactId: contact.id } });
  return { id: contact.id, subjectIds: subjects.map((s) => s.id) };
}

async function gradedAll(ds: DataSource, ids: string[], timeoutMs = 90_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM contact_triage WHERE contact_id = ANY($1::uuid[]) AND grade IS NOT NULL', [ids]);
    if (n === ids.length) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function seedDemoCases(app: INestApplication, log: (m: string) => void): Promise<void> {
  const ds = app.get(DataSource);
  const year = new Date().getUTCFullYear();
  const [present] = await ds.query('SELECT 1 FROM contact WHERE reference = $1', [`MASH-${year}-900001`]);
  if (present) return;
  const users: { id: string; email: string; role: Actor['role']; agency_id: string | null }[] = await ds.query('SELECT id, email, role, agency_id FROM app_user');
  const userIds = new Map(users.map((u) => [u.email, u.id]));
  const actor = (email: string): Actor => {
    const u = users.find((x) => x.email === email)!;
    return { userId: u.id, role: u.role, agencyId: u.agency_id, requestId: null, ip: null };
  };
  const worker = actor('worker@mash.localhost');
  const manager = actor('manager@mash.localhost');
  const get = <T>(type: new (...args: never[]) => T): T => app.get(type as never, { strict: false }) as T;
  const step = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      log(`dev: demo ${what} skipped: ${(error as Error).message} ${JSON.stringify((error as { details?: unknown }).details ?? '')}`);
    }
  };

  let n = 1;
  const earlier: { id: string; subjectIds: string[] }[] = [];
  for (const c of EARLIER) earlier.push(await ds.transaction((em) => store(em, c, n++, userIds)));
  if (!(await gradedAll(ds, earlier.map((e) => e.id)))) return log('dev: demo cases: the worker did not grade the earlier contacts in time');
  const triage = get(TriageQueryService);
  const grades = get(GradeConfirmationService);
  const decisions = get(DecisionsService);
  for (const e of earlier) {
    const view = (await triage.contactTriage(e.id))!;
    for (const s of view.subjects) {
      const grade = s.grade!;
      const criterion = (view.framework.grades[grade] as { criteria: { id: string }[] }).criteria[0].id;
      await step('grade', () => grades.grade(worker, e.id, s.subjectId, { grade, criterion, rationale: 'Read the contact and the history; the grade fits.' }));
      if (grade !== 'GREEN') continue;
      await step('decision', () => decisions.record(worker, {
        contactId: e.id, subjectId: s.subjectId, outcome: 'advice_signpost', thresholdLevel: 1, historyReviewed: true, checksDone: true,
        rationale: 'Needs met by universal services; school and GP to keep watch and refer again if anything changes.',
        riskAnalysis: 'No indication of significant harm; one concern, parents engaged with the school.',
        reasonsThresholdNotMet: 'A single concern met by universal services.',
        alternativeSupport: ['School pastoral support'], reasonCodes: ['needs_met_by_universal_services'],
      } as never));
    }
  }
  // Jayden has been on a child protection plan since the first contact was assessed.
  const [jayden] = await ds.query('SELECT person_id FROM contact_subject WHERE contact_id = $1', [earlier[2].id]);
  if (jayden?.person_id) await step('CP plan', () => get(ChildStatusService).record(manager, jayden.person_id, { level: 'child_protection', startedAt: new Date(Date.now() - 150 * DAY).toISOString(), categoryOfAbuse: 'PHY' } as never));

  const open: { id: string; subjectIds: string[] }[] = [];
  for (const c of openContacts()) open.push(await ds.transaction((em) => store(em, c, n++, userIds)));
  if (!(await gradedAll(ds, open.map((o) => o.id)))) log('dev: demo cases: not every open contact was graded in time');
  const [jaydenNow, , , chloe, oliver] = open;
  await step('strategy request', () => get(StrategyRequestsService).request(worker, { contactId: jaydenNow.id, subjectId: jaydenNow.subjectIds[0], reason: 'New injuries to a child on a CP plan: police want a joint strategy discussion today.', urgency: 'urgent' } as never));
  await step('grade lowering', () => grades.grade(worker, chloe.id, chloe.subjectIds[0], { grade: 'AMBER', criterion: 'AMBER.harm-not-ruled-out', rationale: 'Third-hand account; checks with school and police before harm can be ruled out.' }));
  const eh = users.find((u) => u.email === 'earlyhelp@mash.localhost');
  const oliverView = await triage.contactTriage(oliver.id);
  if (oliverView?.grade === 'GREEN') {
    await step('grade', () => grades.grade(worker, oliver.id, oliver.subjectIds[0], { grade: 'GREEN', criterion: 'GREEN.early-help', rationale: 'Needs met by early help; no indication of significant harm.' }));
    await step('step-down', () => decisions.record(worker, {
      contactId: oliver.id, subjectId: oliver.subjectIds[0], outcome: 'early_help', thresholdLevel: 2, historyReviewed: true, checksDone: true,
      rationale: 'Family asks for help with routines; early help can meet these needs.', alternativeSupport: ['Early help family worker'], reasonCodes: ['needs_met_by_early_help'],
      riskAnalysis: 'No indication of significant harm; the family asked for help themselves.', reasonsThresholdNotMet: 'Needs are additional, not complex: early help (level 2).',
      leadProfessional: { name: 'Eli Early Help', userId: eh?.id, agencyId: eh?.agency_id ?? undefined },
    } as never));
  }
  const assignments = get(AssignmentService);
  for (const o of open.slice(1, 9).filter((_, i) => i % 2 === 0)) await step('assignment', () => assignments.assign(worker, o.id, undefined));
  await step('audit sample', () => get(AuditSamplingService).draw(manager, { from: new Date(Date.now() - 365 * DAY).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10), seed: 'demo' }));
  log(`dev: demo caseload seeded (${earlier.length + open.length} contacts)`);
}
