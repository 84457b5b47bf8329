import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { listRoutes } from '../../src/common/route-inventory';
import { anonymousPublicContact, dateFromToday, familyContact, nhsNumber, tag } from '../factories/contact-bodies';
import { insertDecisionRow } from '../factories/oversight-factory';
import { strategyCast, submitContact } from '../factories/strategy-factory';
import type { INestApplicationContext } from '@nestjs/common';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';
import { WebClient } from '../utils/web-client';

/**
 * SPEC MGT-4, SEC-2: every read of a child's record is accounted for. Every route of the app, taken
 * from Nest's own metadata (so a route added tomorrow is listed too), is in exactly one of three
 * lists below: a read of a child's or household member's data, a route that returns none, or a
 * change (audited as the change). Each read is called with a real case, and must write an access
 * event for every record it returned, under the request's id; "who viewed this child" must then show
 * that request.
 */

/** The case every read is made against. */
interface Case {
  personId: string;
  contactId: string;
  subjectId: string;
  /** The second child on the contact, with no decision yet (the decision form is for it). */
  siblingSubjectId: string;
  decisionId: string;
  checkId: string;
  policeCheckId: string;
  strategyId: string;
  stepDownId: string;
  challengeId: string;
  sampleId: string;
  publicReference: string;
  publicToken: string;
}

type Who = string | 'public';
interface Read {
  as: Who;
  path: (c: Case) => string;
  method?: 'GET' | 'POST';
  body?: (c: Case) => object;
  headers?: (c: Case) => Record<string, string>;
  /** A web page (signed in with a session), not the JSON API. */
  page?: true;
  /** Whether the records shown include the case's child (false: a register that lists whatever it holds). */
  showsChild?: false;
  /** What the user does on the way to a page that needs it (e.g. answers the form before "check your answers"). */
  before?: (web: WebClient, c: Case) => Promise<void>;
  /** A page that reads the case to decide where to send the user (303) rather than showing it. */
  redirects?: true;
}

const DAY = '2019-06-12T10:00:00Z';
/**
 * The child's own NHS number, new each run: every familyContact shares one, so with it the child would
 * be matched to the person other tests' families made in this database, pregnancies and all.
 */
const CHILD_NHS = nhsNumber();
const PERIOD = { from: '2019-06-01', to: '2019-07-01' };
/** The calendar month (Europe/London) the case's contacts were received in, as the exports page offers it. */
const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);

export const READS: Record<string, Read> = {
  'GET /api/v1/contacts': { as: 'referrer', path: () => '/api/v1/contacts?mine=true' },
  'GET /api/v1/contacts/:id': { as: 'referrer', path: (c) => `/api/v1/contacts/${c.contactId}` },
  'GET /api/v1/public/contacts/:reference/status': { as: 'public', path: (c) => `/api/v1/public/contacts/${c.publicReference}/status`, headers: (c) => ({ 'X-Tracking-Token': c.publicToken }) },
  'GET /api/v1/contacts/:id/checks': { as: 'mash_worker', path: (c) => `/api/v1/contacts/${c.contactId}/checks` },
  'GET /api/v1/checks': { as: 'partner', path: () => '/api/v1/checks' },
  'GET /api/v1/decisions/:id': { as: 'auditor', path: (c) => `/api/v1/decisions/${c.decisionId}` },
  'GET /api/v1/reports/overrides': { as: 'mash_manager', path: () => `/api/v1/reports/overrides?from=${PERIOD.from}&to=${PERIOD.to}` },
  'GET /api/v1/strategy-discussions': { as: 'mash_worker', path: () => '/api/v1/strategy-discussions?limit=100' },
  'GET /api/v1/strategy-discussions/:id': { as: 'police', path: (c) => `/api/v1/strategy-discussions/${c.strategyId}` },
  'GET /api/v1/step-downs/:id': { as: 'earlyhelp@mash.localhost', path: (c) => `/api/v1/step-downs/${c.stepDownId}` },
  'GET /api/v1/people/:id/status': { as: 'mash_worker', path: (c) => `/api/v1/people/${c.personId}/status` },
  'GET /api/v1/audits/:id': { as: 'auditor', path: (c) => `/api/v1/audits/${c.sampleId}` },
  'GET /api/v1/exports/annex-a/list-1.csv': { as: 'mash_manager', path: () => `/api/v1/exports/annex-a/list-1.csv?from=${dateFromToday({ days: -1 })}&to=${dateFromToday({ days: 1 })}` },
  'GET /api/v1/exports/annex-a/list-3.csv': { as: 'auditor', path: () => `/api/v1/exports/annex-a/list-3.csv?from=${dateFromToday({ days: -1 })}&to=${dateFromToday({ days: 1 })}` },
  'GET /api/v1/people/:id/access-log': { as: 'mash_manager', path: (c) => `/api/v1/people/${c.personId}/access-log` },
  'GET /api/v1/challenges': { as: 'mash_manager', path: () => '/api/v1/challenges' },
  'GET /api/v1/challenges/:id': { as: 'referrer', path: (c) => `/api/v1/challenges/${c.challengeId}` },
  'GET /api/v1/professionals-meetings': { as: 'referrer', path: () => '/api/v1/professionals-meetings?mine=true' },
  'GET /api/v1/contacts/:id/feedback': { as: 'referrer', path: (c) => `/api/v1/contacts/${c.contactId}/feedback` },
  'GET /api/v1/triage/queue': { as: 'mash_worker', path: () => '/api/v1/triage/queue?limit=200' },
  'GET /api/v1/contacts/:id/triage': { as: 'mash_worker', path: (c) => `/api/v1/contacts/${c.contactId}/triage` },
  'GET /api/v1/approvals': { as: 'mash_manager', path: (c) => `/api/v1/approvals?contactId=${c.contactId}` },
  'POST /api/v1/people/search': { as: 'mash_worker', method: 'POST', path: () => '/api/v1/people/search', body: () => ({ nhsNumber: CHILD_NHS }) },
  'GET /api/v1/people/:id': { as: 'mash_worker', path: (c) => `/api/v1/people/${c.personId}` },
  'GET /api/v1/people/:id/history': { as: 'mash_worker', path: (c) => `/api/v1/people/${c.personId}/history` },
  'GET /api/v1/people/:id/chronology': { as: 'auditor', path: (c) => `/api/v1/people/${c.personId}/chronology` },
  'GET /api/v1/contacts/:id/match-candidates': { as: 'mash_worker', path: (c) => `/api/v1/contacts/${c.contactId}/match-candidates` },
  'GET /api/v1/contacts/:id/tags': { as: 'mash_worker', path: (c) => `/api/v1/contacts/${c.contactId}/tags` },
  // Web pages read through the same use cases.
  'GET /referrals': { as: 'referrer', page: true, path: () => '/referrals' },
  'GET /referrals/:id': { as: 'referrer', page: true, path: (c) => `/referrals/${c.contactId}` },
  'GET /referrals/:id/add-information': { as: 'referrer', page: true, path: (c) => `/referrals/${c.contactId}/add-information` },
  'GET /referrals/:id/strategy-discussion': { as: 'referrer', page: true, path: (c) => `/referrals/${c.contactId}/strategy-discussion` },
  'GET /referrals/:id/challenge': { as: 'referrer', page: true, path: (c) => `/referrals/${c.contactId}/challenge` },
  'GET /audit/people/:id/viewers': { as: 'mash_manager', page: true, path: (c) => `/audit/people/${c.personId}/viewers` },
  'GET /audit/decisions': { as: 'auditor', page: true, path: () => '/audit/decisions', showsChild: false },
  'GET /audit/decisions/:id': { as: 'auditor', page: true, path: (c) => `/audit/decisions/${c.decisionId}` },
  'GET /audit/samples/:id': { as: 'auditor', page: true, path: (c) => `/audit/samples/${c.sampleId}` },
  // Police and partner agencies.
  'GET /police/checks': { as: 'police', page: true, path: () => '/police/checks' },
  'GET /police/checks/:id': { as: 'police', page: true, path: (c) => `/police/checks/${c.policeCheckId}` },
  'GET /police/strategy-discussions': { as: 'police', page: true, path: () => '/police/strategy-discussions' },
  'GET /police/strategy-discussions/:id': { as: 'police', page: true, path: (c) => `/police/strategy-discussions/${c.strategyId}` },
  'GET /agency/checks': { as: 'partner', page: true, path: () => '/agency/checks' },
  'GET /agency/checks/:id': { as: 'partner', page: true, path: (c) => `/agency/checks/${c.checkId}` },
  'GET /agency/step-downs': { as: 'earlyhelp@mash.localhost', page: true, path: () => '/agency/step-downs' },
  'GET /agency/step-downs/:id': { as: 'earlyhelp@mash.localhost', page: true, path: (c) => `/agency/step-downs/${c.stepDownId}` },
  'GET /agency/strategy-discussions': { as: 'partner', page: true, path: () => '/agency/strategy-discussions' },
  'GET /agency/strategy-discussions/:id': { as: 'partner', page: true, path: (c) => `/agency/strategy-discussions/${c.strategyId}` },
  // Managers' oversight.
  'GET /manager/audits/:id': { as: 'mash_manager', page: true, path: (c) => `/manager/audits/${c.sampleId}` },
  'GET /manager/audits/:id/decisions/:decisionId': { as: 'mash_manager', page: true, path: (c) => `/manager/audits/${c.sampleId}/decisions/${c.decisionId}` },
  'GET /manager/exports/annex-a-list-1.csv': { as: 'mash_manager', page: true, path: () => `/manager/exports/annex-a-list-1.csv?month=${thisMonth()}` },
  'GET /manager/exports/annex-a-list-3.csv': { as: 'auditor', page: true, path: () => `/manager/exports/annex-a-list-3.csv?month=${thisMonth()}` },
  // MASH case pages.
  'GET /mash/contacts/:contactId/checks': { as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}/checks` },
  'GET /mash/contacts/:contactId/children/:childKey/decision': { as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}/children/${c.siblingSubjectId}/decision` },
  'GET /mash/contacts/:contactId/children/:childKey/decision/check': {
    as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}/children/${c.siblingSubjectId}/decision/check`,
    before: async (web, c) => {
      const form = `/mash/contacts/${c.contactId}/children/${c.siblingSubjectId}/decision`;
      await web.get(form);
      const res = await web.post(form, { outcome: 'cin_assessment', thresholdLevel: '3', rationale: 'Read the history and the referral.', historyReviewed: 'yes' });
      if (res.status !== 303) throw new Error(`the decision form answered ${res.status}`);
    },
  },
  'GET /mash/contacts/:contactId/children/:childKey/decision/:decisionId': { as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}/children/${c.subjectId}/decision/${c.decisionId}` },
  'GET /mash/contacts/:contactId/strategy': { as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}/strategy` },
  'GET /mash/strategy/:id': { as: 'mash_worker', page: true, path: (c) => `/mash/strategy/${c.strategyId}` },
  'GET /mash/children/:personId/step-down': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}/step-down` },
  'GET /mash/step-downs/:id': { as: 'mash_worker', page: true, path: (c) => `/mash/step-downs/${c.stepDownId}` },
  'GET /mash/children/:personId/level': { as: 'mash_manager', page: true, path: (c) => `/mash/children/${c.personId}/level` },
  'GET /mash/manager/approvals': { as: 'mash_manager', page: true, path: () => '/mash/manager/approvals' },
  'GET /mash/manager/overrides': { as: 'mash_manager', page: true, path: () => '/mash/manager/overrides', showsChild: false },
  'GET /mash/manager/reassign': { as: 'mash_manager', page: true, path: () => '/mash/manager/reassign' },
  'GET /mash/manager/challenges': { as: 'mash_manager', page: true, path: () => '/mash/manager/challenges' },
  'GET /mash/manager/strategy-requests': { as: 'mash_manager', page: true, path: () => '/mash/manager/strategy-requests' },
  'GET /mash': { as: 'mash_worker', page: true, path: () => '/mash?view=approval' },
  'GET /mash/contacts/:contactId': { as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}` },
  'GET /mash/contacts/:contactId/children/:child/grade': { as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}/children/${c.personId}/grade` },
  // The case is graded, so the page sends the worker back to the contact; it read the contact to know.
  'GET /mash/contacts/:contactId/grade-by-hand': { as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}/grade-by-hand`, redirects: true },
  'GET /mash/contacts/:contactId/matches': { as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}/matches` },
  'GET /mash/contacts/:contactId/feedback': { as: 'mash_worker', page: true, path: (c) => `/mash/contacts/${c.contactId}/feedback` },
  'GET /mash/children/:personId': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}` },
  'GET /mash/children/:personId/history': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}/history` },
  'GET /mash/children/:personId/household': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}/household` },
  'GET /mash/children/:personId/chronology': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}/chronology` },
  'GET /mash/children/:personId/chronology.csv': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}/chronology.csv` },
  'GET /mash/children/:personId/chronology/print': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}/chronology/print` },
  'GET /mash/children/:personId/decisions': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}/decisions` },
  'GET /mash/children/:personId/strategy': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}/strategy` },
  'GET /mash/children/:personId/status': { as: 'mash_worker', page: true, path: (c) => `/mash/children/${c.personId}/status` },
};

/** Routes that return nothing of a child or household member, and why. */
export const NO_CHILD_DATA: Record<string, string> = {
  'GET /health/live': 'process state',
  'GET /health/ready': 'Postgres, Redis and queue depths',
  'GET /metrics': 'counts and timings',
  'GET /api/v1/me': "the caller's own account",
  'GET /api/v1/admin/users': 'accounts',
  'GET /api/v1/admin/users/:id': 'an account',
  'GET /api/v1/admin/role-grants': 'roles waiting for approval',
  'GET /api/v1/admin/agencies': 'agencies',
  'GET /api/v1/notifications': 'references and kinds of SLA notices, no case content',
  'GET /api/v1/reports/audit-agreement': 'agreement rates (counts)',
  'GET /api/v1/reports/dashboard': 'counts',
  'GET /api/v1/reports/board-pack': 'anonymised counts, small numbers suppressed',
  'GET /api/v1/audit-events': 'the trail: ids, codes and statuses, never names or narrative (AuditEntry)',
  'GET /api/v1/audit-events/verify': 'hash-chain counts',
  'GET /': 'the public start page',
  'GET /sign-in': 'a form',
  'GET /sign-out': 'ends the session',
  'GET /signed-out': 'a message',
  'GET /signed-in': 'a message',
  'GET /check': 'a form',
  'GET /check/add-information': 'a form (the status it follows is read, and audited, by POST /check and GET /check/status)',
  'GET /check/status': 'audited as the public status read (PublicTrackingService.status), like its API route',
  'GET /report/confirmation': 'the reference and tracking code of the referral just made, shown once to its maker',
  'GET /report/:page': "the public referrer's own draft, from their session",
  'GET /referrals/new': 'starts a draft',
  'GET /referrals/new/:page': "the professional's own draft, from their session",
  'GET /administration': 'links',
  'GET /administration/accounts': 'accounts',
  'GET /administration/accounts/invite': 'a form',
  'GET /administration/accounts/:id': 'an account',
  'GET /administration/approvals': 'roles waiting for approval',
  'GET /administration/agencies': 'agencies',
  'GET /administration/agencies/new': 'a form',
  'GET /administration/configuration': 'the configuration files in force',
  'GET /audit': 'links',
  'GET /audit/trail': 'the trail: ids, codes and statuses (AuditEntry)',
  'GET /audit/verify': 'hash-chain counts',
  'GET /audit/results': 'agreement counts by worker and team',
  'GET /account/password': 'a form',
  'GET /police': 'counts of open checks and strategy discussions',
  'GET /police/notifications/new': 'a form',
  'GET /agency': 'counts of open checks, strategy discussions and step-downs',
  'GET /manager/dashboard': 'counts and timings',
  'GET /manager/audits': 'samples drawn: periods and counts; agreement rates by month',
  'GET /manager/exports': 'a form (each download is audited as its own route)',
  'GET /mash/contacts/new': 'a form (recording a phone contact)',
  'GET /mash/find-a-child': 'a form (the search is a POST and records a read of each person found, as POST /api/v1/people/search)',
  'GET /manager/exports/board-pack.csv': 'anonymised counts, small numbers suppressed (the download is itself audited)',
};

/** Changes: each is audited as the change itself; what they answer is the record the caller just wrote or acted on. */
const isChange = (method: string) => method !== 'GET';

describe('Every read of a child’s record is accounted for (SPEC MGT-4, SEC-2)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let c: Case;
  const as = async (who: string) => `Bearer ${await api.tokenFor(who)}`;
  const created = (res: { status: number; body: unknown }, status: number) => expect({ status: res.status, body: res.status === status ? null : res.body }).toEqual({ status, body: null });

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
    const cast = await strategyCast(ds);
    const t = tag();
    const body = familyContact(t);
    // The child's own NHS number, so the search finds this child and no one else's.
    body.subjects[0].nhsNumber = CHILD_NHS;
    // No unborn sibling: a known pregnancy would (rightly) stop the step-down this case needs.
    body.subjects = body.subjects.slice(0, 2);
    body.concerns = body.concerns.filter((k) => k.category !== 'pregnancy');
    const { contactId, subjectId } = await submitContact(api, ds, 'referrer', body);
    // The worker links the children to the person index and grades them, as for any contact.
    const personId = await waitFor(async () => (await ds.query('SELECT person_id FROM contact_subject WHERE id = $1', [subjectId]))[0]?.person_id as string | null, 30_000, 'the child linked to a person');
    await waitFor(async () => (await ds.query('SELECT 1 FROM subject_grade WHERE subject_id = $1 AND provisional_grade IS NOT NULL', [subjectId])).length > 0, 30_000, 'the provisional grade');
    // A worker lowers the grade: a manager must approve it (the approvals list shows it).
    const lowered = await api.http.post(`/api/v1/contacts/${contactId}/subjects/${subjectId}/grade`).set('Authorization', await as('mash_worker')).send({
      grade: 'GREEN', criterion: 'GREEN.universal-services', rationale: 'Read the history: universal services are enough.',
    });
    created(lowered, 202);
    const decision = await insertDecisionRow(ds, {
      contactId, subjectId, personId, outcome: 'cin_assessment', decidedByUserId: cast.morgan.id, decidedAt: new Date(DAY),
      overriddenRules: ['DEC-3.sole-reason'], overrideReason: 'The manager read the history', overriddenByUserId: cast.morgan.id,
    });
    const check = await api.http.post(`/api/v1/contacts/${contactId}/checks`).set('Authorization', await as('mash_worker')).send({
      agencyId: cast.hv.id, subjectIds: [subjectId], reason: 'Health visiting history', questions: ['Known to you?'], lawfulBasis: 'Children Act 1989 s.47',
    });
    created(check, 201);
    const policeCheck = await api.http.post(`/api/v1/contacts/${contactId}/checks`).set('Authorization', await as('mash_worker')).send({
      agencyId: cast.police.id, subjectIds: [subjectId], reason: 'Police history', questions: ['Known to you?'], lawfulBasis: 'Children Act 1989 s.47',
    });
    created(policeCheck, 201);
    const [{ id: siblingSubjectId }] = await ds.query('SELECT id FROM contact_subject WHERE contact_id = $1 AND id <> $2 ORDER BY id LIMIT 1', [contactId, subjectId]);
    const strategy = await api.http.post('/api/v1/strategy-discussions').set('Authorization', await as('referrer')).send({ contactId, subjectId, reason: 'Threats to the child', urgency: 'urgent' });
    created(strategy, 201);
    const convened = await api.http.post(`/api/v1/strategy-discussions/${strategy.body.id}/convene`).set('Authorization', await as('mash_worker')).send({
      scheduledAt: new Date(Date.now() + 3600_000).toISOString(), mode: 'video', chair: cast.sam.id, invitees: [{ agencyId: cast.police.id, userId: cast.pat.id }, { agencyId: cast.csc.id }, { agencyId: cast.hv.id, userId: cast.helen.id }],
    });
    created(convened, 200);
    // A second request, left waiting for a manager (the strategy requests page lists it).
    const strategyRequest = await api.http.post('/api/v1/strategy-discussions').set('Authorization', await as('referrer')).send({ contactId, subjectId, reason: 'New threats since the meeting was called', urgency: 'urgent' });
    created(strategyRequest, 201);
    const [eh] = await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'earlyhelp@mash.localhost'`);
    const stepDown = await api.http.post('/api/v1/step-downs').set('Authorization', await as('mash_worker')).send({
      subjectId, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Neglect concerns at home',
      plan: { actions: [{ action: 'Weekly visits', owner: 'Early Help', successCriteria: 'Attendance above 95%' }] }, reviewDate: dateFromToday({ days: 60 }),
    });
    created(stepDown, 201);
    const challenge = await api.http.post('/api/v1/challenges').set('Authorization', await as('referrer')).send({ targetType: 'decision', targetId: decision.id, reason: 'The bruising needs an assessment under s.47' });
    created(challenge, 201);
    const meeting = await api.http.post('/api/v1/professionals-meetings').set('Authorization', await as('referrer')).send({ contactId, subjectId, criterion: 'disagreement', reason: 'We disagree about the risk' });
    created(meeting, 201);
    // Another family's case, so a page of one record, or of one contact's records, has others it must not record.
    const otherBody = familyContact(tag());
    otherBody.subjects = otherBody.subjects.slice(0, 1);
    otherBody.concerns = otherBody.concerns.filter((k) => k.category !== 'pregnancy');
    const other = await submitContact(api, ds, 'referrer', otherBody);
    await insertDecisionRow(ds, {
      contactId: other.contactId, subjectId: other.subjectId, outcome: 'cin_assessment', decidedByUserId: cast.morgan.id, decidedAt: new Date(DAY),
      overriddenRules: ['DEC-3.sole-reason'], overrideReason: 'The manager read the history', overriddenByUserId: cast.morgan.id,
    });
    created(await api.http.post('/api/v1/strategy-discussions').set('Authorization', await as('referrer')).send({ contactId: other.contactId, subjectId: other.subjectId, reason: 'Threats to the child', urgency: 'urgent' }), 201);
    created(await api.http.post('/api/v1/step-downs').set('Authorization', await as('mash_worker')).send({
      subjectId: other.subjectId, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Neglect concerns at home',
      plan: { actions: [{ action: 'Weekly visits', owner: 'Early Help', successCriteria: 'Attendance above 95%' }] }, reviewDate: dateFromToday({ days: 60 }),
    }), 201);
    const sample = await api.http.post('/api/v1/audits/samples').set('Authorization', await as('mash_manager')).send({ ...PERIOD, seed: `inventory-${t}` });
    created(sample, 201);
    // A public referral about the same child, linked to the child as the matcher links it.
    const publicContact = await api.http.post('/api/v1/public/contacts').send(anonymousPublicContact(t));
    created(publicContact, 201);
    await ds.query(`UPDATE contact_subject SET person_id = $1 WHERE contact_id = (SELECT id FROM contact WHERE reference = $2)`, [personId, publicContact.body.reference]);
    c = {
      personId, contactId, subjectId, siblingSubjectId, decisionId: decision.id, checkId: check.body.id, policeCheckId: policeCheck.body.id,
      strategyId: strategy.body.id, stepDownId: stepDown.body.id,
      challengeId: challenge.body.id, sampleId: sample.body.id, publicReference: publicContact.body.reference, publicToken: publicContact.body.trackingToken,
    };
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('every route of the app is listed as a read of child data, a route without child data, or a change', () => {
    const unlisted = listRoutes(api.app)
      .map((r) => `${r.method} ${r.path}`)
      .filter((key) => !isChange(key.split(' ')[0]) || key === 'POST /api/v1/people/search')
      .filter((key) => !(key in READS) && !(key in NO_CHILD_DATA));
    expect(unlisted).toEqual([]);
    const registered = new Set(listRoutes(api.app).map((r) => `${r.method} ${r.path}`));
    expect([...Object.keys(READS), ...Object.keys(NO_CHILD_DATA)].filter((k) => !registered.has(k))).toEqual([]);
  });

  it('each read writes an access event for the records it returned, under its request id, and "who viewed this child" lists it', async () => {
    const problems: string[] = [];
    const requests: { key: string; requestId: string; showsChild: boolean }[] = [];
    const webClients = new Map<string, WebClient>();
    for (const [key, read] of Object.entries(READS)) {
      const requestId = `inventory-${randomBytes(8).toString('hex')}`;
      let status: number;
      if (read.page) {
        let web = webClients.get(read.as);
        if (!web) {
          web = new WebClient(api);
          await web.signIn(read.as);
          webClients.set(read.as, web);
        }
        await read.before?.(web, c);
        status = (await web.agent.get(read.path(c)).set('X-Request-Id', requestId)).status;
      } else {
        const req = read.method === 'POST' ? api.http.post(read.path(c)).send(read.body!(c)) : api.http.get(read.path(c));
        req.set('X-Request-Id', requestId);
        if (read.as !== 'public') req.set('Authorization', await as(read.as));
        for (const [h, v] of Object.entries(read.headers?.(c) ?? {})) req.set(h, v);
        status = (await req).status;
      }
      if (status !== (read.redirects ? 303 : 200)) {
        problems.push(`${key}: ${status}`);
        continue;
      }
      const events = await ds.query(`SELECT action, entity_type, entity_id FROM audit_event WHERE request_id = $1 AND action LIKE '%.read'`, [requestId]);
      if (events.length === 0) problems.push(`${key}: no access event`);
      requests.push({ key, requestId, showsChild: read.showsChild !== false });
    }
    expect(problems).toEqual([]);

    // "Who viewed this child": every request that showed the child is there (read as a manager, page by page).
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { requestId: string }[]; nextCursor: string | null } } = await api.http
        .get(`/api/v1/people/${c.personId}/access-log?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', await as('mash_manager'));
      created(page, 200);
      for (const item of page.body.items) seen.add(item.requestId);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(requests.filter((r) => r.showsChild && !seen.has(r.requestId)).map((r) => r.key)).toEqual([]);
  });

  it('a list records a read of every record it showed, not one event for the list (the strategy list, the triage queue, the challenges)', async () => {
    for (const [key, entityType, ids] of [
      ['GET /api/v1/strategy-discussions', 'strategy_discussion', (b: { items: { id: string }[] }) => b.items.map((i) => i.id)],
      ['GET /api/v1/triage/queue', 'contact', (b: { items: { id: string }[] }) => b.items.map((i) => i.id)],
      ['GET /api/v1/challenges', 'challenge', (b: { items: { id: string }[] }) => b.items.map((i) => i.id)],
    ] as const) {
      const requestId = `inventory-${randomBytes(8).toString('hex')}`;
      const read = READS[key];
      const res = await api.http.get(read.path(c)).set('Authorization', await as(read.as)).set('X-Request-Id', requestId);
      created(res, 200);
      const shown = ids(res.body);
      expect(shown.length).toBeGreaterThan(0);
      const events: { entity_id: string }[] = await ds.query(`SELECT entity_id FROM audit_event WHERE request_id = $1 AND action = $2`, [requestId, `${entityType}.read`]);
      expect({ key, ids: events.map((e) => e.entity_id).sort() }).toEqual({ key, ids: [...shown].sort() });
    }
  });

  it('a page of one record records a read of that record only, and a page of counts records none (SPEC MGT-4)', async () => {
    const reads = async (who: string, path: string) => {
      const web = new WebClient(api);
      await web.signIn(who);
      const requestId = `inventory-${randomBytes(8).toString('hex')}`;
      const res = await web.agent.get(path).set('X-Request-Id', requestId);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const events: { action: string; entity_id: string }[] = await ds.query(`SELECT action, entity_id FROM audit_event WHERE request_id = $1 AND action LIKE '%.read' ORDER BY seq`, [requestId]);
      return events.map((e) => `${e.action} ${e.entity_id}`);
    };
    // The other family's step-down is offered to the same person, and its decision is in the same sample.
    expect(await reads('earlyhelp@mash.localhost', `/agency/step-downs/${c.stepDownId}`)).toEqual([`step_down.read ${c.stepDownId}`]);
    expect(await reads('mash_manager', `/manager/audits/${c.sampleId}/decisions/${c.decisionId}`)).toEqual([`threshold_decision.read ${c.decisionId}`]);
    // The contact's strategy page reads the contact and the discussions about its children, no other.
    const onContact = await reads('mash_worker', `/mash/contacts/${c.contactId}/strategy`);
    const discussions = onContact.filter((e) => e.startsWith('strategy_discussion.read ')).map((e) => e.split(' ')[1]);
    expect(discussions).toContain(c.strategyId);
    const elsewhere = await ds.query('SELECT id FROM strategy_discussion WHERE id = ANY($1) AND contact_id <> $2', [discussions, c.contactId]);
    expect(elsewhere).toEqual([]);
    expect(await reads('police', '/police')).toEqual([]);
    expect(await reads('earlyhelp@mash.localhost', '/agency')).toEqual([]);
    expect(await reads('partner', '/agency')).toEqual([]);
  });

  it('a search records the id of every person it returned', async () => {
    const requestId = `inventory-${randomBytes(8).toString('hex')}`;
    const res = await api.http.post('/api/v1/people/search').set('Authorization', await as('mash_worker')).set('X-Request-Id', requestId).send({ nhsNumber: CHILD_NHS });
    created(res, 200);
    const found: string[] = (res.body.items ?? res.body.results ?? []).map((p: { personId?: string; id?: string }) => p.personId ?? p.id);
    expect(found).toContain(c.personId);
    const events: { entity_id: string }[] = await ds.query(`SELECT entity_id FROM audit_event WHERE request_id = $1 AND action = 'person.read'`, [requestId]);
    expect(events.map((e) => e.entity_id).sort()).toEqual([...new Set(found)].sort());
  });
});
