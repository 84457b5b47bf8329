import { DataSource } from 'typeorm';
import { contactWithDecision, demoUser } from '../factories/oversight-factory';
import { startApi, TestApi } from '../utils/test-app';

/**
 * Threshold-decision audits (SPEC MGT-1) through HTTP. The decisions are arranged in March 2021, a
 * month no other test writes to, so the period holds exactly the fixture.
 */
describe('Threshold-decision audit samples (SPEC MGT-1)', () => {
  let api: TestApi;
  let ds: DataSource;
  let manager: string;
  const ids = { overrides: [] as string[], flaggedNfa: [] as string[], stepDownCp: [] as string[], plainNfa: [] as string[], plain: [] as string[] };
  const FROM = '2021-03-01T00:00:00Z';
  const TO = '2021-04-01T00:00:00Z';

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    manager = await api.tokenFor('manager@mash.localhost');
    const worker = await demoUser(ds, 'worker@mash.localhost');
    const worker2 = await demoUser(ds, 'manager2@mash.localhost');
    // 40 decisions in the month: 3 overrides, 2 NFAs on flagged children, 1 step-down with a CP
    // indicator, 1 NFA without a flag, 33 others. The random 5% of 40 is 2 (rounded up).
    let minute = 0;
    const at = () => new Date(Date.UTC(2021, 2, 2 + Math.floor(minute / 60), 9, minute++ % 60));
    const add = async (bucket: keyof typeof ids, decision: Parameters<typeof contactWithDecision>[2]) => {
      const { decision: d } = await contactWithDecision(ds, { receivedAt: at() }, decision);
      ids[bucket].push(d.id);
    };
    for (let i = 0; i < 3; i++) await add('overrides', { outcome: 'cin_assessment', decidedByUserId: worker2.id, decidedAt: at(), overriddenRules: ['DEC-3.red-outcome'], overrideReason: 'Manager view' });
    for (let i = 0; i < 2; i++) await add('flaggedNfa', { outcome: 'nfa', thresholdLevel: 1, decidedByUserId: worker.id, decidedAt: at(), flagsAtDecision: ['PPL-4.repeat-contacts'] });
    await add('stepDownCp', { outcome: 'early_help', thresholdLevel: 2, decidedByUserId: worker.id, decidedAt: at(), approvalReasons: ['DEC-4.step-down-cp-indicator'] });
    await add('plainNfa', { outcome: 'nfa', thresholdLevel: 1, decidedByUserId: worker.id, decidedAt: at() });
    for (let i = 0; i < 33; i++) await add('plain', { outcome: 'cin_assessment', decidedByUserId: i % 2 ? worker.id : worker2.id, decidedAt: at() });
    // Outside the month, and a pending decision inside it: neither is in the sample's base.
    await contactWithDecision(ds, { receivedAt: new Date('2021-04-01T00:00:00Z') }, { outcome: 'nfa', decidedByUserId: worker.id, decidedAt: new Date('2021-04-01T00:00:00Z'), overriddenRules: ['DEC-3.red-outcome'] });
    await contactWithDecision(ds, { receivedAt: at() }, { outcome: 'nfa', status: 'pending_approval', decidedByUserId: worker.id, decidedAt: at(), overriddenRules: ['DEC-3.red-outcome'] });
  });

  afterAll(async () => {
    await api?.close();
  });

  const draw = (seed: string) => api.http.post('/api/v1/audits/samples').set('Authorization', `Bearer ${manager}`).send({ from: FROM, to: TO, seed });
  const reasonsOf = (body: { items: { decisionId: string; reasons: string[] }[] }) => new Map(body.items.map((i) => [i.decisionId, i.reasons]));

  it('a month sample holds every override, every flagged NFA and every CP step-down plus the random 5%; the same seed draws the same sample', async () => {
    const first = await draw('march-2021');
    expect(first.status).toBe(201);
    expect(first.body.decisionsInPeriod).toBe(40);
    expect(first.body.seed).toBe('march-2021');
    const reasons = reasonsOf(first.body);
    for (const id of ids.overrides) expect(reasons.get(id)).toEqual(['override']);
    for (const id of ids.flaggedNfa) expect(reasons.get(id)).toEqual(['nfa_accumulation_flag']);
    for (const id of ids.stepDownCp) expect(reasons.get(id)).toEqual(['step_down_cp_indicator']);
    const random = first.body.items.filter((i: { reasons: string[] }) => i.reasons.includes('random'));
    expect(random).toHaveLength(2);
    for (const r of random) expect([...ids.plain, ...ids.plainNfa]).toContain(r.decisionId);
    expect(first.body.items).toHaveLength(3 + 2 + 1 + 2);

    const again = await draw('march-2021');
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect(again.body.items.map((i: { decisionId: string; reasons: string[] }) => [i.decisionId, i.reasons])).toEqual(
      first.body.items.map((i: { decisionId: string; reasons: string[] }) => [i.decisionId, i.reasons]),
    );

    // Other seeds draw other random decisions (the rule-selected ones never change).
    const others = await Promise.all(['s1', 's2', 's3', 's4'].map(draw));
    const randomSets = others.map((o) => o.body.items.filter((i: { reasons: string[] }) => i.reasons.includes('random')).map((i: { decisionId: string }) => i.decisionId).sort().join());
    expect(new Set([random.map((r: { decisionId: string }) => r.decisionId).sort().join(), ...randomSets]).size).toBeGreaterThan(1);

    // The sample is stored: reading it back gives the same items.
    const stored = await api.http.get(`/api/v1/audits/${first.body.id}`).set('Authorization', `Bearer ${await api.tokenFor('auditor')}`);
    expect(stored.status).toBe(200);
    expect(stored.body.items.map((i: { decisionId: string }) => i.decisionId)).toEqual(first.body.items.map((i: { decisionId: string }) => i.decisionId));
  });

  it('answers the audit form per sampled decision and reports agreement by worker and team', async () => {
    const sample = (await draw('answers')).body;
    const [a, b, c] = [ids.overrides[0], ids.flaggedNfa[0], ids.flaggedNfa[1]];
    const answer = (decisionId: string, agree: boolean) =>
      api.http.post(`/api/v1/audits/${sample.id}/answers`).set('Authorization', `Bearer ${manager}`).send({
        decisionId,
        answers: { gradeRight: 'yes', decisionRight: agree ? 'yes' : 'no', historyConsidered: 'yes', childsVoice: 'not_applicable', hindsightS47: agree ? 'no' : 'yes', learning: 'Look at the history' },
      });
    expect((await answer(a, true)).status).toBe(201);
    expect((await answer(b, true)).status).toBe(201);
    const third = await answer(c, false);
    expect(third.status).toBe(201);
    expect(third.body.agrees).toBe(false);
    // Answering again replaces the earlier answer: b now disagrees.
    expect((await answer(b, false)).body.agrees).toBe(false);

    const res = await api.http.get(`/api/v1/audits/${sample.id}`).set('Authorization', `Bearer ${manager}`);
    expect(res.body.agreement.overall).toEqual({ answered: 3, agreed: 1, rate: 0.3333 });
    const worker = await demoUser(ds, 'worker@mash.localhost');
    const worker2 = await demoUser(ds, 'manager2@mash.localhost');
    const byWorker = Object.fromEntries(res.body.agreement.byWorker.map((w: { userId: string; answered: number; agreed: number; rate: number }) => [w.userId, [w.answered, w.agreed, w.rate]]));
    expect(byWorker).toEqual({ [worker.id]: [2, 0, 0], [worker2.id]: [1, 1, 1] });
    expect(res.body.agreement.byTeam).toEqual([expect.objectContaining({ team: "Northshire Council Children's Services (MASH)", answered: 3, agreed: 1, rate: 0.3333 })]);
    expect(res.body.agreement.byQuestion.hindsightS47).toEqual({ no: 1, yes: 2 });
  });

  it('rejects an incomplete form naming the question, a decision outside the sample, and a bad period', async () => {
    const sample = (await draw('rules')).body;
    const incomplete = await api.http.post(`/api/v1/audits/${sample.id}/answers`).set('Authorization', `Bearer ${manager}`).send({ decisionId: ids.overrides[0], answers: { gradeRight: 'perhaps' } });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'answers.gradeRight', rule: 'MGT-1.answer-value' }),
      expect.objectContaining({ field: 'answers.decisionRight', rule: 'MGT-1.required' }),
    ]));
    const notSampled = ids.plain.find((id) => !sample.items.some((i: { decisionId: string }) => i.decisionId === id))!;
    const outside = await api.http.post(`/api/v1/audits/${sample.id}/answers`).set('Authorization', `Bearer ${manager}`).send({
      decisionId: notSampled,
      answers: { gradeRight: 'yes', decisionRight: 'yes', historyConsidered: 'yes', childsVoice: 'yes', hindsightS47: 'no' },
    });
    expect(outside.status).toBe(404);
    const backwards = await api.http.post('/api/v1/audits/samples').set('Authorization', `Bearer ${manager}`).send({ from: TO, to: FROM });
    expect(backwards.status).toBe(422);
    expect(backwards.body.details[0]).toEqual(expect.objectContaining({ field: 'to', rule: 'MGT.period-order' }));
    const noFrom = await api.http.post('/api/v1/audits/samples').set('Authorization', `Bearer ${manager}`).send({ to: TO });
    expect(noFrom.status).toBe(400);
    expect(noFrom.body.details[0].field).toBe('from');
  });

  it('only managers draw samples and answer; workers and partners get 403', async () => {
    for (const who of ['worker', 'partner', 'auditor']) {
      const res = await api.http.post('/api/v1/audits/samples').set('Authorization', `Bearer ${await api.tokenFor(who === 'worker' ? 'mash_worker' : who)}`).send({ from: FROM, to: TO });
      expect(res.status).toBe(403);
    }
  });
});
