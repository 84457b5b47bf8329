import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dateFromToday, tag } from '../factories/contact-bodies';
import { withDb } from '../utils/db';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/** Threshold decisions through HTTP, as the worker and manager make them (SPEC DEC-1 to DEC-6, CHK-4). */
describe('Threshold decisions over HTTP', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  const auth = async (role: string) => ({ Authorization: `Bearer ${await api.tokenFor(role)}` });

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  /** A school's contact, graded by the worker process, with the grade confirmed by a MASH worker. */
  async function gradedChild(concerns: { category: string; description: string }[], grade: 'RED' | 'AMBER' | 'GREEN', criterion: string, children = 1) {
    const t = tag();
    const subjects = Array.from({ length: children }, (_, i) => ({ firstName: `Kid${i}${t}`, lastName: `Dec${t}`, dateOfBirth: dateFromToday({ years: -(6 + i) }), sex: 'F' }));
    const res = await api.http.post('/api/v1/contacts').set(await auth('referrer')).send({ channel: 'professional', subjects, concerns });
    expect(res.status).toBe(201);
    const contactId: string = res.body.id;
    const triage = await waitFor(async () => {
      const r = await api.http.get(`/api/v1/contacts/${contactId}/triage`).set(await auth('mash_worker'));
      return r.status === 200 && r.body.subjects?.length === children && r.body.subjects.every((s: { provisionalGrade?: string }) => s.provisionalGrade) ? r.body : null;
    }, 20_000, 'the provisional grade');
    const subjectIds: string[] = triage.subjects.map((s: { subjectId: string }) => s.subjectId);
    for (const subjectId of subjectIds) {
      const g = await api.http.post(`/api/v1/contacts/${contactId}/subjects/${subjectId}/grade`).set(await auth('mash_worker')).send({ grade, criterion, rationale: 'Confirmed after reading the history.' });
      expect([200, 202]).toContain(g.status);
    }
    return { contactId, subjectIds };
  }

  /** CHK-1/CHK-2: AMBER and RED children need the GP asked directly; the GP practice answers. */
  async function gpAnswers(contactId: string, subjectIds: string[]) {
    const check = await api.http.post(`/api/v1/contacts/${contactId}/checks`).set(await auth('mash_worker')).send({
      agencyType: 'health_gp', checkType: 'gp', subjectIds, reason: 'Health history', questions: ['Any missed appointments or injuries?'], lawfulBasis: 'Children Act 1989 s47',
    });
    expect(check.status).toBe(201);
    const answer = await api.http.post(`/api/v1/checks/${check.body.id}/response`).set(await auth('gp@mash.localhost')).send({ status: 'returned', summary: 'Registered; no concerns on record.' });
    expect(answer.status).toBe(200);
  }

  const decide = async (role: string, contactId: string, subjectId: string, body: Record<string, unknown>) =>
    api.http.post(`/api/v1/contacts/${contactId}/subjects/${subjectId}/decision`).set(await auth(role)).send({ historyReviewed: true, rationale: 'Decision rationale.', ...body });

  it('IOW 2.7: a RED child given early help is refused (DEC-3.red-outcome); a manager override with a reason appears in the override register', async () => {
    const { contactId, subjectIds } = await gradedChild([{ category: 'threat_to_harm_or_kill', description: 'Father threatened to kill the child' }], 'RED', 'RED.likely-significant-harm');
    await gpAnswers(contactId, subjectIds);
    const refused = await decide('mash_worker', contactId, subjectIds[0], { outcome: 'early_help', thresholdLevel: 2 });
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d: { rule: string }) => d.rule)).toContain('DEC-3.red-outcome');

    const override = await decide('mash_manager', contactId, subjectIds[0], {
      outcome: 'early_help', thresholdLevel: 2, overrideReason: 'Police confirm the allegation was withdrawn and disproved.',
      leadProfessional: { name: 'Eli Early Help', email: 'earlyhelp@mash.localhost' },
      stepDown: {
        riskHandover: 'Threat withdrawn and disproved; family under strain',
        plan: { actions: [{ action: 'Family support worker visits weekly', owner: 'Early Help', successCriteria: 'Family engaging for six weeks' }] },
        reviewDate: '2027-03-01',
      },
    });
    expect(override.status).toBe(202); // an override is approved by another manager (DEC-4)
    expect(override.body.overriddenRules).toContain('DEC-3.red-outcome');
    const register = await api.http.get('/api/v1/reports/overrides').set(await auth('auditor'));
    expect(register.status).toBe(200);
    expect(JSON.stringify(register.body)).toContain(override.body.id);
  });

  it('NFA without alternative support is 422; with it, pending_approval until another manager approves; the decider cannot approve (403)', async () => {
    const { contactId, subjectIds } = await gradedChild([{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    const nfa = { outcome: 'nfa', thresholdLevel: 1, riskAnalysis: 'Low risk: home visit found adequate care.', reasonsThresholdNotMet: 'No indication of harm; needs met by universal services.', reasonCodes: ['needs_met_by_universal_services'] };
    const missing = await decide('mash_worker', contactId, subjectIds[0], nfa);
    expect(missing.status).toBe(422);
    expect(missing.body.details.map((d: { rule: string }) => d.rule)).toContain('DEC-3.nfa-needs-alternative-support');

    const pending = await decide('mash_manager', contactId, subjectIds[0], { ...nfa, alternativeSupport: ['Family Hub drop-in on Tuesdays'] });
    expect(pending.status).toBe(202);
    expect(pending.body.status).toBe('pending_approval');
    const own = await api.http.post(`/api/v1/approvals/${pending.body.approvalId}/approve`).set(await auth('mash_manager')).send({});
    expect(own.status).toBe(403);
    const approved = await api.http.post(`/api/v1/approvals/${pending.body.approvalId}/approve`).set(await auth('manager2@mash.localhost')).send({});
    expect(approved.status).toBe(200);
    const decision = await api.http.get(`/api/v1/decisions/${pending.body.id}`).set(await auth('mash_worker'));
    expect(decision.body.status).toBe('final');
    const contact = await api.http.get(`/api/v1/contacts/${contactId}`).set(await auth('mash_worker'));
    expect(contact.body.status).toBe('decided');
  });

  it('Q F2: NFA for "insufficient evidence" with no child-seen-alone answer is 422; DUD 5.13: NFA whose only reason is perpetrator_in_custody is 422', async () => {
    const { contactId, subjectIds } = await gradedChild([{ category: 'home_conditions', description: 'Cold house' }], 'GREEN', 'GREEN.early-help');
    const nfa = { outcome: 'nfa', thresholdLevel: 1, riskAnalysis: 'Risk analysed.', reasonsThresholdNotMet: 'Not met.', alternativeSupport: ['Family Hub'] };
    const insufficient = await decide('mash_worker', contactId, subjectIds[0], { ...nfa, reasonCodes: ['insufficient_evidence'] });
    expect(insufficient.status).toBe(422);
    expect(insufficient.body.details.map((d: { rule: string }) => d.rule)).toContain('DEC-3.insufficient-evidence');
    const soleReason = await decide('mash_worker', contactId, subjectIds[0], { ...nfa, reasonCodes: ['perpetrator_in_custody'] });
    expect(soleReason.status).toBe(422);
    expect(soleReason.body.details.map((d: { rule: string }) => d.rule)).toContain('DEC-3.sole-reason');
    const noHistory = await decide('mash_worker', contactId, subjectIds[0], { ...nfa, reasonCodes: ['needs_met_by_universal_services'], historyReviewed: false });
    expect(noHistory.body.details.map((d: { rule: string }) => d.rule)).toContain('DEC-3.history-reviewed');
  });

  it('DUD 7.5: AMBER with a GP check outstanding is 422 CHK-4.outstanding-check; a manager waiver lets it through', async () => {
    const { contactId, subjectIds } = await gradedChild([{ category: 'neglect_indicator', description: 'Missed appointments' }], 'AMBER', 'AMBER.child-in-need');
    const check = await api.http.post(`/api/v1/contacts/${contactId}/checks`).set(await auth('mash_worker')).send({
      agencyType: 'health_gp', checkType: 'gp', subjectIds: [subjectIds[0]], reason: 'Health history', questions: ['Any missed appointments?'], lawfulBasis: 'Children Act 1989 s17',
    });
    expect(check.status).toBe(201);
    const body = { outcome: 'cin_assessment', thresholdLevel: 3 };
    const blocked = await decide('mash_worker', contactId, subjectIds[0], body);
    expect(blocked.status).toBe(422);
    expect(blocked.body.details.map((d: { rule: string }) => d.rule)).toContain('CHK-4.outstanding-check');
    const waived = await api.http.post(`/api/v1/checks/${check.body.id}/waive`).set(await auth('mash_manager')).send({ reason: 'GP on leave; health visitor has the history' });
    expect(waived.status).toBe(200);
    const decided = await decide('mash_worker', contactId, subjectIds[0], body);
    expect(decided.status).toBe(201);
    expect(decided.body.status).toBe('final');
  });

  it('two children on one contact get different decisions; the contact is decided only after both, and feedback and clocks follow', async () => {
    const { contactId, subjectIds } = await gradedChild([{ category: 'neglect_indicator', description: 'Hungry' }], 'AMBER', 'AMBER.child-in-need', 2);
    await gpAnswers(contactId, subjectIds);
    const first = await decide('mash_worker', contactId, subjectIds[0], { outcome: 'cin_assessment', thresholdLevel: 3 });
    expect(first.status).toBe(201);
    let contact = await api.http.get(`/api/v1/contacts/${contactId}`).set(await auth('mash_worker'));
    expect(contact.body.status).not.toBe('decided');
    const second = await decide('mash_worker', contactId, subjectIds[1], { outcome: 'existing_case', thresholdLevel: 3 });
    expect(second.status).toBe(201);
    contact = await api.http.get(`/api/v1/contacts/${contactId}`).set(await auth('mash_worker'));
    expect(contact.body.status).toBe('decided');
    await withDb(async (db) => {
      const clocks = (await db.query(`SELECT kind, met_at FROM sla_clock WHERE contact_id = $1 ORDER BY kind`, [contactId])).rows;
      expect(clocks.find((c: { kind: string }) => c.kind === 'decision_due')?.met_at).toBeTruthy();
      expect(clocks.filter((c: { kind: string }) => c.kind === 'feedback_due')).toHaveLength(2);
      const feedback = (await db.query(`SELECT kind FROM feedback WHERE contact_id = $1 AND kind = 'outcome'`, [contactId])).rows;
      expect(feedback.length).toBeGreaterThanOrEqual(2);
    });
  });

  it('a signed-off decision cannot be changed by SQL; supersede (manager, with a reason) links both', async () => {
    const { contactId, subjectIds } = await gradedChild([{ category: 'neglect_indicator', description: 'Hungry' }], 'AMBER', 'AMBER.child-in-need');
    await gpAnswers(contactId, subjectIds);
    const first = await decide('mash_worker', contactId, subjectIds[0], { outcome: 'cin_assessment', thresholdLevel: 3 });
    expect(first.status).toBe(201);
    await withDb(async (db) => {
      await expect(db.query(`UPDATE threshold_decision SET outcome = 'nfa' WHERE id = $1`, [first.body.id])).rejects.toThrow();
    });
    const byWorker = await api.http.post(`/api/v1/decisions/${first.body.id}/supersede`).set(await auth('mash_worker')).send({ outcome: 'strategy_discussion', thresholdLevel: 4, historyReviewed: true, rationale: 'New information', reason: 'Police disclosure' });
    expect(byWorker.status).toBe(403);
    const next = await api.http.post(`/api/v1/decisions/${first.body.id}/supersede`).set(await auth('mash_manager')).send({ outcome: 'strategy_discussion', thresholdLevel: 4, historyReviewed: true, rationale: 'New information from police', reason: 'Police disclosure after the decision' });
    expect([201, 202]).toContain(next.status);
    expect(next.body.supersedesId).toBe(first.body.id);
    const ds = api.app.get(DataSource);
    if (next.status === 201) {
      const [old] = await ds.query('SELECT status, superseded_by_id FROM threshold_decision WHERE id = $1', [first.body.id]);
      expect(old).toEqual({ status: 'superseded', superseded_by_id: next.body.id });
    }
  });
});
