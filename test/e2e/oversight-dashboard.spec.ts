import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createContact } from '../factories/contact-factory';
import { contactWithDecision, demoUser } from '../factories/oversight-factory';
import { startApi, TestApi } from '../utils/test-app';

const HOUR = 3_600_000;
type Json = Record<string, unknown>;
/** Reads a nested figure, 0 when absent (a kind or status with no rows is left out of a breakdown). */
const at = (body: Json, path: string): number => (path.split('.').reduce<unknown>((o, k) => (o as Json | undefined)?.[k], body) as number | undefined) ?? 0;

/**
 * The manager dashboard (SPEC MGT-2) against a seeded data set; every expected number is worked out
 * by hand from the fixture below and written here.
 *  - Period figures: January 2023, a month no other test writes to: exact values.
 *  - "Now" figures (open contacts, clocks, approvals, checks, load): other test files leave rows in
 *    the shared test database, so the test reads the dashboard before and after arranging its rows
 *    and checks the difference.
 */
describe('Manager dashboard figures (SPEC MGT-2)', () => {
  let api: TestApi;
  let ds: DataSource;
  let manager: string;
  let worker: { id: string };
  const PERIOD = 'from=2023-01-02T00:00:00Z&to=2023-01-30T00:00:00Z';

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    manager = await api.tokenFor('mash_manager');
    worker = await demoUser(ds, 'worker@mash.localhost');
  });

  afterAll(async () => {
    await api?.close();
  });

  const dashboard = async (token = manager) => {
    const res = await api.http.get(`/api/v1/reports/dashboard?${PERIOD}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body as Json;
  };

  async function grade(contactId: string, subjectId: string, g: 'RED' | 'AMBER' | 'GREEN'): Promise<void> {
    await ds.query(
      `INSERT INTO subject_grade (contact_id, subject_id, provisional_grade, fired_rules, flags, facts, grade, confirmed_grade, framework_version)
       VALUES ($1, $2, $3, '[]', '[]', '{}', $3, $3, 'test')`,
      [contactId, subjectId, g],
    );
  }

  /** One January 2023 contact with one graded, decided child. */
  async function periodCase(received: string, hoursToDecision: number, referrerType: string, g: 'RED' | 'AMBER' | 'GREEN', outcome: string, extra: { personId?: string; overriddenRules?: string[] } = {}) {
    const receivedAt = new Date(received);
    const final = new Date(receivedAt.getTime() + hoursToDecision * HOUR);
    const c = await contactWithDecision(
      ds,
      { receivedAt, referrerType: referrerType as never, anonymous: referrerType === 'anonymous', status: 'decided', subjects: [{ personId: extra.personId ?? null }] },
      { outcome: outcome as never, decidedByUserId: worker.id, decidedAt: final, overriddenRules: extra.overriddenRules ?? [] },
    );
    await grade(c.contact.id, c.subjects[0].id, g);
    return c;
  }

  it('every figure equals the hand-computed value for the seeded data set', async () => {
    const before = await dashboard();

    // ---- Period fixture (January 2023) ----
    const [p1, p2, p3] = [randomUUID(), randomUUID(), randomUUID()];
    // week of 2 Jan
    await periodCase('2023-01-02T10:00:00Z', 2, 'professional', 'RED', 'strategy_discussion');
    await periodCase('2023-01-03T10:00:00Z', 24, 'professional', 'AMBER', 'nfa', { personId: p1 });
    await periodCase('2023-01-04T10:00:00Z', 6, 'anonymous', 'GREEN', 'nfa', { personId: p2 });
    // week of 9 Jan
    await periodCase('2023-01-09T10:00:00Z', 28, 'police', 'AMBER', 'cin_assessment', { overriddenRules: ['DEC-3.red-outcome'] });
    await periodCase('2023-01-10T10:00:00Z', 10, 'professional', 'GREEN', 'advice_signpost', { personId: p3, overriddenRules: ['DEC-3.red-outcome', 'DEC-3.nfa-needs'] });
    await periodCase('2023-01-11T10:00:00Z', 4, 'anonymous', 'GREEN', 'cin_assessment');
    // week of 16 Jan
    await periodCase('2023-01-16T10:00:00Z', 1, 'professional', 'RED', 'immediate_protection');
    // Re-contacts after the three closures (decided, so not open): P1 within 3 months, P2 within 6, P3 within 12.
    await createContact(ds, { receivedAt: new Date('2023-03-01T10:00:00Z'), status: 'decided', subjects: [{ personId: p1 }] });
    await createContact(ds, { receivedAt: new Date('2023-06-01T10:00:00Z'), status: 'decided', subjects: [{ personId: p2 }] });
    await createContact(ds, { receivedAt: new Date('2023-12-01T10:00:00Z'), status: 'decided', subjects: [{ personId: p3 }] });

    // ---- "Now" fixture ----
    const now = Date.now();
    const ago = (h: number) => new Date(now - h * HOUR);
    const o1 = await createContact(ds, { receivedAt: ago(1), status: 'received' });
    const o2 = await createContact(ds, { receivedAt: ago(5), status: 'in_progress' });
    const o3 = await createContact(ds, { receivedAt: ago(48), status: 'pending_approval' });
    const o4 = await createContact(ds, { receivedAt: ago(240), status: 'triaged' });
    await createContact(ds, { receivedAt: ago(1), status: 'decided' }); // not open
    const clock = async (kind: string, targetType: string, targetId: string, contactId: string | null, holder: string | null, dueInHours: number, state: 'running' | 'met' | 'cancelled' = 'running') => {
      const [row] = await ds.query(
        `INSERT INTO sla_clock (kind, target_type, target_id, contact_id, holder_user_id, started_at, due_at, met_at, cancelled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [kind, targetType, targetId, contactId, holder, ago(300), new Date(now + dueInHours * HOUR), state === 'met' ? ago(1) : null, state === 'cancelled' ? ago(1) : null],
      );
      return row.id as string;
    };
    const k1 = await clock('decision_due', 'contact', o2.contact.id, o2.contact.id, worker.id, -0.5); // breached
    const k2 = await clock('decision_due', 'contact', o3.contact.id, o3.contact.id, worker.id, 1); // near breach
    const k4 = await clock('decision_due', 'contact', o4.contact.id, o4.contact.id, null, 5); // neither
    await clock('feedback_due', 'threshold_decision', randomUUID(), null, null, -2);
    await clock('minutes_distributed', 'strategy_discussion', randomUUID(), null, null, -24);
    await clock('step_down_acceptance', 'step_down', randomUUID(), null, null, -72);
    await clock('decision_due', 'contact', o1.contact.id, o1.contact.id, worker.id, -3, 'met'); // met late: not running
    await clock('challenge_response', 'challenge', randomUUID(), null, null, -3, 'cancelled');
    const triage = (contactId: string, g: string, clockId: string, assignee: string | null) =>
      ds.query(
        `INSERT INTO contact_triage (contact_id, grade, provisional_grade, decision_due_at, decision_clock_id, assigned_to_user_id, framework_version)
         VALUES ($1, $2, $2, now(), $3, $4, 'test')`,
        [contactId, g, clockId, assignee],
      );
    await triage(o2.contact.id, 'RED', k1, worker.id);
    await triage(o3.contact.id, 'AMBER', k2, worker.id);
    await triage(o4.contact.id, 'GREEN', k4, null);
    const check = (dueInHours: number, status: string) =>
      ds.query(
        `INSERT INTO agency_check (contact_id, agency_type, check_type, reason, questions, lawful_basis, requested_by_user_id, requested_at, due_at, due_at_source, status)
         VALUES ($1, 'health_gp', 'gp', 'r', '{q}', 'Children Act 1989 s47', $2, $3, $4, 'requester', $5)`,
        [o3.contact.id, worker.id, ago(30), new Date(now + dueInHours * HOUR), status],
      );
    await check(-1, 'requested'); // overdue
    await check(5, 'requested'); // not yet due
    await check(-1, 'returned'); // answered
    const approval = (kind: string, status: string) =>
      ds.query(
        `INSERT INTO approval (kind, target_type, target_id, contact_id, payload, status, requested_by_user_id, requested_at)
         VALUES ($1, 'subject_grade', $2, $3, '{}', $4, $5, $6)`,
        [kind, randomUUID(), o3.contact.id, status, worker.id, ago(2)],
      );
    await approval('grade_lowering', 'pending');
    await approval('threshold_decision', 'pending');
    await approval('grade_lowering', 'approved');

    const after = await dashboard();
    const delta = (path: string) => at(after, path) - at(before, path);

    // Open contacts (now): o1..o4 open, one decided contact not.
    expect(delta('openContacts.total')).toBe(4);
    expect([delta('openContacts.byStatus.received'), delta('openContacts.byStatus.in_progress'), delta('openContacts.byStatus.pending_approval'), delta('openContacts.byStatus.triaged')]).toEqual([1, 1, 1, 1]);
    expect(['under_4h', '4h_to_1d', '1d_to_3d', '3d_to_7d', 'over_7d'].map((b) => delta(`openContacts.byAgeBand.${b}`))).toEqual([1, 1, 1, 0, 1]);
    expect(['RED', 'AMBER', 'GREEN', 'ungraded'].map((g) => delta(`openContacts.byGrade.${g}`))).toEqual([1, 1, 1, 1]);
    // SLA: 4 running clocks past due (decision, feedback, minutes, step-down); 1 due within 2 hours.
    expect(delta('slaBreaches.breached')).toBe(4);
    expect(['decision_due', 'feedback_due', 'minutes_distributed', 'step_down_acceptance', 'challenge_response'].map((k) => delta(`slaBreaches.breachedByKind.${k}`))).toEqual([1, 1, 1, 1, 0]);
    expect(delta('slaBreaches.nearBreaches')).toBe(1);
    expect(delta('slaBreaches.nearBreachesByKind.decision_due')).toBe(1);
    // Awaiting approval: two pending, one already approved.
    expect(delta('awaitingApproval.total')).toBe(2);
    expect([delta('awaitingApproval.byKind.grade_lowering'), delta('awaitingApproval.byKind.threshold_decision')]).toEqual([1, 1]);
    // Overdue work.
    expect(delta('overdue.feedback.clocksPastDue')).toBe(1);
    expect(delta('overdue.minutes')).toBe(1);
    expect(delta('overdue.checks')).toBe(1);
    expect(delta('overdue.stepDownAcceptances')).toBe(1);
    // Per-worker load: o2 and o3 assigned to the worker; k1 and k2 held, k1 past due.
    const load = (body: Json) => (body.workerLoad as { userId: string; openContacts: number; runningClocks: number; pastDueClocks: number }[]).find((w) => w.userId === worker.id)!;
    expect([load(after).openContacts - load(before).openContacts, load(after).runningClocks - load(before).runningClocks, load(after).pastDueClocks - load(before).pastDueClocks]).toEqual([2, 2, 1]);

    // Threshold drift (period, by week).
    expect(after.thresholdDrift).toEqual([
      { weekStarting: '2023-01-02', contacts: 3, childrenGraded: 3, red: 1, amber: 1, green: 1, redAmberShare: 0.67 },
      { weekStarting: '2023-01-09', contacts: 3, childrenGraded: 3, red: 0, amber: 1, green: 2, redAmberShare: 0.33 },
      { weekStarting: '2023-01-16', contacts: 1, childrenGraded: 1, red: 1, amber: 0, green: 0, redAmberShare: 1 },
    ]);
    // Source neutrality: professional 1, 2, 10, 24 hours (one NFA); anonymous 4, 6 (one NFA); police 28.
    expect(after.sourceNeutrality).toEqual([
      { referrerType: 'anonymous', decided: 2, nfa: 1, nfaRate: 0.5, medianHoursToDecision: 5, meanHoursToDecision: 5 },
      { referrerType: 'police', decided: 1, nfa: 0, nfaRate: 0, medianHoursToDecision: 28, meanHoursToDecision: 28 },
      { referrerType: 'professional', decided: 4, nfa: 1, nfaRate: 0.25, medianHoursToDecision: 6, meanHoursToDecision: 9.25 },
    ]);
    // Re-contact after the three closures (2 NFA, 1 advice): 1 within 3 months, 2 within 6, 3 within 12.
    expect(after.recontact).toEqual([
      { withinMonths: 3, closures: 3, eligible: 3, recontacted: 1, rate: 0.33 },
      { withinMonths: 6, closures: 3, eligible: 3, recontacted: 2, rate: 0.67 },
      { withinMonths: 12, closures: 3, eligible: 3, recontacted: 3, rate: 1 },
    ]);
    expect(after.overrides).toEqual({ total: 2, byRule: { 'DEC-3.nfa-needs': 1, 'DEC-3.red-outcome': 2 } });
  });

  it('documents every figure in the OpenAPI description and the answer, and is for managers and auditors only', async () => {
    const doc = await api.http.get('/docs-json');
    const description: string = doc.body.paths['/api/v1/reports/dashboard'].get.description;
    const body = await dashboard(await api.tokenFor('auditor'));
    for (const figure of ['openContacts', 'slaBreaches', 'awaitingApproval', 'overdue', 'workerLoad', 'thresholdDrift', 'sourceNeutrality', 'recontact', 'overrides']) {
      expect(description).toContain(`**${figure}**`);
      expect(body).toHaveProperty(figure);
      expect((body.definitions as Json)[figure]).toEqual(expect.any(String));
    }
    const asWorker = await api.http.get('/api/v1/reports/dashboard').set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
    expect(asWorker.status).toBe(403);
    const bad = await api.http.get('/api/v1/reports/dashboard?nearBreachHours=0').set('Authorization', `Bearer ${manager}`);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('nearBreachHours');
  });
});
