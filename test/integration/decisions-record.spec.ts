import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../src/auth/actor';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { WorkingCalendar } from '../../src/modules/calendar/domain/working-calendar';
import { AgencyCheck } from '../../src/modules/checks/persistence/agency-check.entity';
import { DecisionApprovalRequest, DecisionApprovals } from '../../src/modules/decisions/decision-approvals';
import { DecisionsService, RecordDecisionCommand } from '../../src/modules/decisions/decisions.service';
import { ChildGradePicture, DecisionContextRepository } from '../../src/modules/decisions/persistence/decision-context.repository';
import { DEMO_USERS } from '../../src/seed/demo-data';
import { createContact } from '../factories/contact-factory';
import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';

/** Test doubles for what triage knows: the child's grade, the calendar's pre-closure window, approvals. */
class FakeGrades extends DecisionContextRepository {
  readonly pictures = new Map<string, ChildGradePicture>();
  override async gradePicture(_em: EntityManager, _contactId: string, subjectId: string): Promise<ChildGradePicture> {
    return this.pictures.get(subjectId) ?? { grade: null, frameworkVersion: 'thresholds-test', flags: [], cpIndicatorEverRecorded: false };
  }
}
class FakeCalendar {
  inWindow = false;
}
class FakeApprovals {
  readonly requests: DecisionApprovalRequest[] = [];
  async request(_em: EntityManager, r: DecisionApprovalRequest) {
    this.requests.push(r);
    return { approvalId: randomUUID() };
  }
}

/**
 * DecisionsService.record with triage's grades, calendar and approvals replaced by doubles, through
 * the real database, audit and outbox; the checks, decision and override endpoints through HTTP.
 */
describe('Recording threshold decisions (SPEC DEC-1 to DEC-6, CHK-4, RAG-6)', () => {
  const grades = new FakeGrades();
  const calendar = new FakeCalendar();
  const approvals = new FakeApprovals();
  let api: TestApi;
  let app: NestExpressApplication;
  let http: TestAgent;
  let ds: DataSource;
  let decisions: DecisionsService;
  let uow: UnitOfWork;
  const actors: Record<string, Actor> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi((m) => m.overrideProvider(DecisionContextRepository).useValue(grades).overrideProvider(DecisionApprovals).useValue(approvals));
    ({ app, http } = api);
    jest.spyOn(app.get(WorkingCalendar), 'isInPreClosureWindow').mockImplementation(() => calendar.inWindow);
    ds = app.get(DataSource);
    decisions = app.get(DecisionsService);
    uow = app.get(UnitOfWork);
    for (const email of ['worker@mash.localhost', 'manager@mash.localhost', 'manager2@mash.localhost', 'auditor@mash.localhost', 'referrer@mash.localhost']) {
      const [user] = await ds.query('SELECT id, role, agency_id FROM app_user WHERE email = $1', [email]);
      actors[email] = { userId: user.id, role: user.role, agencyId: user.agency_id, requestId: null, ip: null };
      const password = DEMO_USERS.find((u) => u.email === email)!.password;
      tokens[email] = (await http.post('/api/v1/auth/token').send({ email, password })).body.accessToken;
    }
  });
  afterAll(() => api.close());

  const worker = () => actors['worker@mash.localhost'];
  const manager = () => actors['manager@mash.localhost'];
  const manager2 = () => actors['manager2@mash.localhost'];
  const get = (path: string, who = 'manager@mash.localhost') => http.get(path).set('Authorization', `Bearer ${tokens[who]}`);

  /** A contact whose children triage graded as given (no household adults unless asked). */
  async function gradedContact(childGrades: ChildGradePicture['grade'][], seed: Parameters<typeof createContact>[1] = {}) {
    const created = await createContact(ds, { ...seed, subjects: seed.subjects ?? childGrades.map(() => ({})) });
    created.subjects.forEach((s, i) => grades.pictures.set(s.id, { grade: childGrades[i], frameworkVersion: 'thresholds-2026-1', flags: [], cpIndicatorEverRecorded: false }));
    return created;
  }
  /** The GP has already answered for these children (arranged in the table: CHK-4 is tested on its own below). */
  async function gpAnswered(contactId: string, subjectIds: string[]) {
    await ds.getRepository(AgencyCheck).insert({
      contactId, agencyType: 'health_gp', checkType: 'gp', subjectIds, reason: 'r', questions: ['q'], lawfulBasis: 's47',
      requestedByUserId: worker().userId!, requestedAt: new Date(), dueAt: new Date(), dueAtSource: 'default', status: 'returned', responseSummary: 'Known, no concerns',
    });
  }
  const earlyHelp = (contactId: string, subjectId: string): RecordDecisionCommand => ({
    contactId, subjectId, outcome: 'early_help', thresholdLevel: 2, rationale: 'Needs met by early help', historyReviewed: true, reasonCodes: ['needs_met_by_early_help'],
    leadProfessional: { name: 'Eli Early Help', email: 'earlyhelp@mash.localhost' },
    stepDown: {
      riskHandover: 'Neglect at home; mother engaging with the family hub',
      plan: { actions: [{ action: 'Family support worker visits weekly', owner: 'Early Help', successCriteria: 'Attendance above 95% for six weeks' }] },
      reviewDate: '2027-03-01',
    },
  });
  const nfa = (contactId: string, subjectId: string, over: Partial<RecordDecisionCommand> = {}): RecordDecisionCommand => ({
    contactId, subjectId, outcome: 'nfa', thresholdLevel: 1, rationale: 'No further action', historyReviewed: true,
    riskAnalysis: 'No indicators of harm after checks', reasonsThresholdNotMet: 'Needs met by universal services',
    alternativeSupport: ['Family hub parenting course'], reasonCodes: ['needs_met_by_universal_services'], ...over,
  });
  const rejection = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      const e = error as { getStatus?: () => number; details?: { rule: string; field: string }[] };
      return { status: e.getStatus?.(), details: e.details ?? [] };
    }
    throw new Error('expected a rejection');
  };
  const contactStatus = async (id: string) => (await ds.query('SELECT status FROM contact WHERE id = $1', [id]))[0].status;

  it('IOW 2.7: a RED child given early help by a worker is refused (DEC-3.red-outcome); a manager override with a reason waits for another manager and is in the override register', async () => {
    const { contact, subjects } = await gradedContact(['RED']);
    await gpAnswered(contact.id, [subjects[0].id]);
    const refused = await rejection(decisions.record(worker(), earlyHelp(contact.id, subjects[0].id)));
    expect(refused.status).toBe(422);
    expect(refused.details).toEqual([expect.objectContaining({ rule: 'DEC-3.red-outcome', field: 'outcome' })]);
    // A worker's override reason does not count.
    expect((await rejection(decisions.record(worker(), { ...earlyHelp(contact.id, subjects[0].id), overrideReason: 'I think so' }))).status).toBe(422);

    const overridden = await decisions.record(manager(), { ...earlyHelp(contact.id, subjects[0].id), overrideReason: 'Father remanded; mother protective; early help today' });
    expect(overridden.decision).toMatchObject({ status: 'pending_approval', overriddenRules: ['DEC-3.red-outcome'], overriddenByUserId: manager().userId, gradeAtDecision: 'RED' });
    expect(overridden.decision.approvalReasons).toEqual(expect.arrayContaining(['DEC-4.override', 'DEC-4.downgrade']));
    expect(approvals.requests.at(-1)).toMatchObject({ entityId: overridden.decision.id, approvalsRequired: 1, excludedApproverUserIds: [manager().userId] });
    expect(await contactStatus(contact.id)).toBe('pending_approval');

    const register = await get('/api/v1/reports/overrides?limit=200', 'auditor@mash.localhost');
    expect(register.status).toBe(200);
    expect(register.body.items).toContainEqual(expect.objectContaining({
      decisionId: overridden.decision.id, overriddenRules: ['DEC-3.red-outcome'], overrideReason: 'Father remanded; mother protective; early help today', status: 'pending_approval', gradeAtDecision: 'RED',
    }));
    expect((await get('/api/v1/reports/overrides', 'worker@mash.localhost')).status).toBe(403);

    // The overriding manager cannot approve it; another manager can.
    expect((await rejection(uow.run((em) => decisions.finalise(em, manager(), overridden.decision.id, [manager().userId!])))).status).toBe(403);
    const final = await uow.run((em) => decisions.finalise(em, manager2(), overridden.decision.id, [manager2().userId!]));
    expect(final).toMatchObject({ status: 'final', approvedByUserIds: [manager2().userId] });
    expect(await contactStatus(contact.id)).toBe('decided');
  });

  it('Q F2: an NFA for "insufficient evidence" with no child-seen-alone answer is refused (DEC-3.insufficient-evidence)', async () => {
    const { contact, subjects } = await gradedContact(['GREEN']);
    const cmd = nfa(contact.id, subjects[0].id, { reasonCodes: ['insufficient_evidence'], checksDone: true, strategyDiscussionConsidered: true });
    const refused = await rejection(decisions.record(worker(), cmd));
    expect(refused.status).toBe(422);
    expect(refused.details).toEqual([expect.objectContaining({ rule: 'DEC-3.insufficient-evidence', field: 'childSeenAlone' })]);
    const recorded = await decisions.record(worker(), { ...cmd, childSeenAlone: 'yes' });
    expect(recorded.decision).toMatchObject({ status: 'pending_approval', childSeenAlone: 'yes', reasonCodes: ['insufficient_evidence'] });
  });

  it('DUD 5.13: an NFA whose only reason code is perpetrator_in_custody is refused (DEC-3.sole-reason)', async () => {
    const { contact, subjects } = await gradedContact(['GREEN']);
    const refused = await rejection(decisions.record(worker(), nfa(contact.id, subjects[0].id, { reasonCodes: ['perpetrator_in_custody'] })));
    expect(refused.status).toBe(422);
    expect(refused.details).toEqual([expect.objectContaining({ rule: 'DEC-3.sole-reason', field: 'reasonCodes' })]);
    const unknown = await rejection(decisions.record(worker(), nfa(contact.id, subjects[0].id, { reasonCodes: ['mum_seems_fine'] })));
    expect(unknown.status).toBe(400);
    expect(unknown.details).toEqual([expect.objectContaining({ field: 'reasonCodes[0]', rule: 'isIn' })]);
  });

  it('NFA without alternative support is refused; with it, it waits for a manager; the worker cannot approve their own; a manager approves and it is final', async () => {
    const { contact, subjects } = await gradedContact(['GREEN']);
    const refused = await rejection(decisions.record(worker(), nfa(contact.id, subjects[0].id, { alternativeSupport: [] })));
    expect(refused.details).toEqual([expect.objectContaining({ rule: 'DEC-3.nfa-needs-alternative-support', field: 'alternativeSupport' })]);

    const pending = await decisions.record(worker(), nfa(contact.id, subjects[0].id));
    expect(pending.decision).toMatchObject({ status: 'pending_approval', approvalReasons: ['DEC-4.nfa'], finalAt: null, frameworkVersion: 'thresholds-2026-1' });
    expect(pending.decision.approvalId).toEqual(expect.any(String));
    expect(approvals.requests.at(-1)).toMatchObject({ entityType: 'threshold_decision', entityId: pending.decision.id, reasons: [expect.objectContaining({ reason: 'DEC-4.nfa' })], excludedApproverUserIds: [worker().userId] });

    expect((await rejection(uow.run((em) => decisions.finalise(em, worker(), pending.decision.id, [worker().userId!])))).status).toBe(403);
    const final = await uow.run((em) => decisions.finalise(em, manager(), pending.decision.id, [manager().userId!]));
    expect(final.status).toBe('final');
    expect((await rejection(uow.run((em) => decisions.finalise(em, manager2(), final.id, [manager2().userId!])))).status).toBe(409);

    const view = await get(`/api/v1/decisions/${final.id}`, 'auditor@mash.localhost');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: final.id, status: 'final', outcome: 'nfa', approvalReasons: ['DEC-4.nfa'], approvedByUserIds: [manager().userId], alternativeSupport: ['Family hub parenting course'] });
    await withDb(async (db) => {
      const audit = await db.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`, [final.id]);
      expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(['decision.recorded', 'decision.approved', 'threshold_decision.read']);
    });
  });

  it('DUD 7.5: an AMBER decision with the GP check outstanding is refused (CHK-4.outstanding-check); a manager\'s waiver over HTTP lets it through', async () => {
    const { contact, subjects } = await gradedContact(['AMBER']);
    const [gp] = await ds.query(`SELECT agency_id FROM app_user WHERE email = 'gp@mash.localhost'`);
    const asked = await http.post(`/api/v1/contacts/${contact.id}/checks`).set('Authorization', `Bearer ${tokens['worker@mash.localhost']}`)
      .send({ agencyId: gp.agency_id, reason: 'AMBER: bruising', questions: ['Known injuries?'], lawfulBasis: 'Children Act 1989 s17' });
    expect(asked.status).toBe(201);
    const s17: RecordDecisionCommand = { contactId: contact.id, subjectId: subjects[0].id, outcome: 'cin_assessment', thresholdLevel: 3, rationale: 'Child and family assessment', historyReviewed: true };

    const refused = await rejection(decisions.record(worker(), s17));
    expect(refused.status).toBe(422);
    expect(refused.details).toEqual([expect.objectContaining({ rule: 'CHK-4.outstanding-check', field: 'checks' })]);
    // A manager's override does not clear a check: only a waiver of the check does.
    expect((await rejection(decisions.record(manager(), { ...s17, overrideReason: 'Urgent' }))).details.map((d) => d.rule)).toEqual(['CHK-4.outstanding-check']);

    const waived = await http.post(`/api/v1/checks/${asked.body.id}/waive`).set('Authorization', `Bearer ${tokens['manager@mash.localhost']}`).send({ reason: 'GP practice closed; HV has records' });
    expect(waived.status).toBe(200);
    const recorded = await decisions.record(worker(), s17);
    expect(recorded.decision).toMatchObject({ status: 'final', outcome: 'cin_assessment', gradeAtDecision: 'AMBER' });
  });

  it('two children on one contact get different decisions; the contact is decided only after both', async () => {
    const { contact, subjects } = await gradedContact(['GREEN', 'AMBER']);
    const first = await decisions.record(worker(), earlyHelp(contact.id, subjects[0].id));
    expect(first.decision.status).toBe('final');
    expect(await contactStatus(contact.id)).toBe('in_progress');

    const [gp] = await ds.query(`SELECT agency_id FROM app_user WHERE email = 'gp@mash.localhost'`);
    const asked = await http.post(`/api/v1/contacts/${contact.id}/checks`).set('Authorization', `Bearer ${tokens['worker@mash.localhost']}`)
      .send({ agencyId: gp.agency_id, subjectIds: [subjects[1].id], reason: 'AMBER', questions: ['Known?'], lawfulBasis: 's17' });
    await http.post(`/api/v1/checks/${asked.body.id}/response`).set('Authorization', `Bearer ${(await http.post('/api/v1/auth/token').send({ email: 'gp@mash.localhost', password: 'Partner-dev-2026!' })).body.accessToken}`)
      .send({ status: 'returned', summary: 'Registered, no concerns' }).expect(200);
    const second = await decisions.record(worker(), { contactId: contact.id, subjectId: subjects[1].id, outcome: 'cin_assessment', thresholdLevel: 3, rationale: 'Assessment', historyReviewed: true });
    expect(second.decision).toMatchObject({ status: 'final', outcome: 'cin_assessment' });
    expect(first.decision.outcome).toBe('early_help');
    expect(await contactStatus(contact.id)).toBe('decided');
  });

  it('a signed-off decision cannot be changed by recording again (409); supersede works, links both, and the old row stays read-only', async () => {
    const { contact, subjects } = await gradedContact(['GREEN']);
    const original = await decisions.record(worker(), earlyHelp(contact.id, subjects[0].id));
    expect(original.decision.status).toBe('final');
    expect((await rejection(decisions.record(worker(), earlyHelp(contact.id, subjects[0].id)))).status).toBe(409);
    const noReason = await rejection(decisions.record(manager(), { ...earlyHelp(contact.id, subjects[0].id), outcome: 'cin_assessment', thresholdLevel: 3, reasonCodes: [], supersedes: { decisionId: original.decision.id, reason: ' ' } }));
    expect(noReason.details).toEqual([expect.objectContaining({ rule: 'DEC-5.supersede-reason' })]);

    const replacement = await decisions.record(manager(), {
      ...earlyHelp(contact.id, subjects[0].id), outcome: 'cin_assessment', thresholdLevel: 3, reasonCodes: [],
      supersedes: { decisionId: original.decision.id, reason: 'New information from school: assessment needed' },
    });
    expect(replacement.decision).toMatchObject({ status: 'final', supersedesId: original.decision.id, supersedeReason: 'New information from school: assessment needed' });
    const old = await get(`/api/v1/decisions/${original.decision.id}`);
    expect(old.body).toMatchObject({ status: 'superseded', supersededById: replacement.decision.id });
    expect(old.body.supersessionChain.map((d: { id: string }) => d.id)).toEqual([original.decision.id, replacement.decision.id]);
    await withDb(async (db) => {
      await expect(db.query(`UPDATE threshold_decision SET outcome = 'nfa' WHERE id = $1`, [original.decision.id])).rejects.toThrow(/read-only/);
      await expect(db.query(`UPDATE threshold_decision SET rationale = 'edited' WHERE id = $1`, [replacement.decision.id])).rejects.toThrow(/read-only/);
    });
    expect(await contactStatus(contact.id)).toBe('decided');
  });

  it('a superseding decision that needs approval waits beside the final one, which is superseded only when it is approved', async () => {
    const { contact, subjects } = await gradedContact(['GREEN']);
    const original = await decisions.record(worker(), earlyHelp(contact.id, subjects[0].id));
    const pending = await decisions.record(manager(), nfa(contact.id, subjects[0].id, { supersedes: { decisionId: original.decision.id, reason: 'Family declined early help; universal services only' } }));
    expect(pending.decision).toMatchObject({ status: 'pending_approval', approvalReasons: ['DEC-4.nfa', 'DEC-4.downgrade'] });
    expect((await get(`/api/v1/decisions/${original.decision.id}`)).body.status).toBe('final');
    expect((await rejection(decisions.record(manager2(), nfa(contact.id, subjects[0].id, { supersedes: { decisionId: original.decision.id, reason: 'Twice' } })))).status).toBe(409);

    await uow.run((em) => decisions.finalise(em, manager2(), pending.decision.id, [manager2().userId!]));
    const chain = (await get(`/api/v1/decisions/${pending.decision.id}`)).body;
    expect(chain.supersessionChain.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([[original.decision.id, 'superseded'], [pending.decision.id, 'final']]);
  });

  it('a returned decision leaves the child undecided; a new decision can then be recorded', async () => {
    const { contact, subjects } = await gradedContact(['GREEN']);
    const pending = await decisions.record(worker(), nfa(contact.id, subjects[0].id));
    expect((await rejection(uow.run((em) => decisions.returnToDecider(em, worker(), pending.decision.id)))).status).toBe(403);
    const returned = await uow.run((em) => decisions.returnToDecider(em, manager(), pending.decision.id));
    expect(returned.status).toBe('returned');
    expect(await contactStatus(contact.id)).toBe('in_progress');
    expect((await decisions.record(worker(), earlyHelp(contact.id, subjects[0].id))).decision.status).toBe('final');
  });

  it('DEC-6: when the referrer called it child protection, a lower decision must answer that view', async () => {
    const { contact, subjects } = await gradedContact(['GREEN'], { referrerSaysChildProtection: true });
    const refused = await rejection(decisions.record(worker(), earlyHelp(contact.id, subjects[0].id)));
    expect(refused.details).toEqual([expect.objectContaining({ rule: 'DEC-6.referrer-disagreement', field: 'referrerDisagreementAddressed' })]);
    const ok = await decisions.record(worker(), { ...earlyHelp(contact.id, subjects[0].id), referrerDisagreementAddressed: 'GP and school checks show no injury; school told how to challenge' });
    expect(ok.decision).toMatchObject({ status: 'final', referrerSaidChildProtection: true });
  });

  it('RAG-6: an NFA in the pre-closure window needs two managers besides the worker; accumulation flags make GREEN wait for a manager', async () => {
    const { contact, subjects } = await gradedContact(['GREEN', 'GREEN']);
    calendar.inWindow = true;
    try {
      const pending = await decisions.record(worker(), nfa(contact.id, subjects[0].id));
      expect(pending.decision).toMatchObject({ requiresSecondManager: true, approvalsRequired: 2, approvalReasons: ['DEC-4.nfa', 'RAG-6.pre-closure'] });
      expect((await rejection(uow.run((em) => decisions.finalise(em, manager(), pending.decision.id, [manager().userId!])))).status).toBe(409);
      const final = await uow.run((em) => decisions.finalise(em, manager2(), pending.decision.id, [manager().userId!, manager2().userId!]));
      expect(final.status).toBe('final');
    } finally {
      calendar.inWindow = false;
    }
    grades.pictures.set(subjects[1].id, { grade: 'GREEN', frameworkVersion: 'thresholds-2026-1', flags: ['PPL-4.repeat-contacts'], cpIndicatorEverRecorded: false });
    const flagged = await decisions.record(worker(), earlyHelp(contact.id, subjects[1].id));
    expect(flagged.decision).toMatchObject({ status: 'pending_approval', approvalReasons: ['DEC-3.accumulation-flag'], flagsAtDecision: ['PPL-4.repeat-contacts'] });
  });

  it('refuses a decision before the grade is confirmed, a decision by a non-MASH role, and a child not on the contact', async () => {
    const { contact, subjects } = await createContact(ds);
    expect((await rejection(decisions.record(worker(), earlyHelp(contact.id, subjects[0].id)))).status).toBe(409);
    expect((await rejection(decisions.record(actors['referrer@mash.localhost'], earlyHelp(contact.id, subjects[0].id)))).status).toBe(403);
    expect((await rejection(decisions.record(worker(), earlyHelp(contact.id, randomUUID())))).status).toBe(404);
  });

  it('two simultaneous decisions for one child: exactly one is recorded', async () => {
    const { contact, subjects } = await gradedContact(['GREEN']);
    const results = await Promise.allSettled([decisions.record(worker(), earlyHelp(contact.id, subjects[0].id)), decisions.record(manager(), earlyHelp(contact.id, subjects[0].id))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as { getStatus(): number }).getStatus()).toBe(409);
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM threshold_decision WHERE subject_id = $1`, [subjects[0].id]);
    expect(count).toBe(1);
  });

  it('GET /decisions/{id}: MASH staff and auditors read it (audited); others 403; unknown 404', async () => {
    const { contact, subjects } = await gradedContact(['GREEN']);
    const { decision } = await decisions.record(worker(), earlyHelp(contact.id, subjects[0].id));
    expect((await get(`/api/v1/decisions/${decision.id}`, 'worker@mash.localhost')).body).toMatchObject({ id: decision.id, leadProfessional: { name: 'Eli Early Help' } });
    const [read] = await ds.query(`SELECT actor_user_id FROM audit_event WHERE action = 'threshold_decision.read' AND entity_id = $1`, [decision.id]);
    expect(read.actor_user_id).toBe(worker().userId);
    expect((await get(`/api/v1/decisions/${decision.id}`, 'referrer@mash.localhost')).status).toBe(403);
    expect((await get(`/api/v1/decisions/${randomUUID()}`)).status).toBe(404);
    expect((await get('/api/v1/decisions/nope')).status).toBe(400);
  });
});
