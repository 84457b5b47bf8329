import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { SlaClockService } from '../../src/modules/calendar/sla-clock.service';
import { PeopleForTriage } from '../../src/modules/people/people-for-triage';
import { ThresholdFrameworks } from '../../src/modules/triage/threshold-frameworks';
import { QUEUES } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { dateFromToday, nhsNumber, tag } from '../factories/contact-bodies';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';
import { FailingForSomePeople } from '../utils/failing-people';
import { gradingFailsForGood } from '../utils/triage-jobs';

/**
 * The front door's last gaps, through HTTP with the real worker, Postgres and Redis: a contact whose
 * automatic grading gave up is graded by hand (SPEC RAG-2, RAG-3); a member leaving the household ends
 * their relationships with the children (PPL-2, CHK-5); a police notification is a joint incident
 * only when social care attended (STR-2); a challenge answered "changed" may make an early_help
 * decision with its step-down (ESC-1, STEP-2).
 */
describe('Front door: grade by hand, household leavers, the joint incident, early help on challenge', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  /** Contacts whose people step (and so whose grading) fails every time: a fault the test switches on per contact. */
  let people: FailingForSomePeople;
  let triageQueue: Queue;
  let ds: DataSource;
  const auth = async (who: string) => ({ Authorization: `Bearer ${await api.tokenFor(who)}` });
  const post = async (who: string, path: string, body: object = {}) => api.http.post(path).set(await auth(who)).send(body);
  const get = async (who: string, path: string) => api.http.get(path).set(await auth(who));

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker((m) => m.overrideProvider(PeopleForTriage).useClass(FailingForSomePeople));
    people = worker.get(PeopleForTriage) as FailingForSomePeople;
    triageQueue = worker.get(QueueRegistry).get(QUEUES.triage);
    ds = api.app.get(DataSource);
  });
  afterAll(async () => {
    await triageQueue?.resume();
    await worker?.close();
    await api?.close();
  });

  async function inQueue(contactId: string) {
    let cursor: string | undefined;
    for (;;) {
      const res = await api.http.get('/api/v1/triage/queue').query({ limit: 200, ...(cursor ? { cursor } : {}) }).set(await auth('mash_worker'));
      expect(res.status).toBe(200);
      const item = res.body.items.find((i: { id: string }) => i.id === contactId);
      if (item) return item;
      if (!res.body.nextCursor) return undefined;
      cursor = res.body.nextCursor;
    }
  }

  const graded = (contactId: string) => waitFor(async () => {
    const t = await get('mash_worker', `/api/v1/contacts/${contactId}/triage`);
    return t.status === 200 && t.body.subjects?.length && t.body.subjects.every((s: { grade: string | null; personId: string | null }) => s.grade && s.personId) ? t.body : null;
  }, 30_000, 'the contact to be graded');

  const kid = (t: string, name: string, years: number) => ({ firstName: `${name}${t}`, lastName: `Gap${t}`, dateOfBirth: dateFromToday({ years }), sex: 'F', nhsNumber: nhsNumber() });

  it('RAG-2, RAG-3: a contact whose automatic grading gave up is graded by hand, child by child, and leaves "grade by hand" with its decision clock running from receipt', async () => {
    await triageQueue.pause();
    const t = tag();
    const res = await post('referrer', '/api/v1/contacts', {
      channel: 'professional',
      subjects: [kid(t, 'Ann', -8), kid(t, 'Bea', -12)],
      concerns: [{ category: 'home_conditions', description: 'The house is cold and there is little food.' }],
    });
    expect(res.status).toBe(201);
    const created = res.body as { id: string; receivedAt: string };
    people.failing.add(created.id);
    await triageQueue.resume();
    await gradingFailsForGood(triageQueue, created.id);
    const byHand = await waitFor(async () => {
      const i = await inQueue(created.id);
      return i?.grading === 'grade_by_hand' ? i : undefined;
    }, 10_000, 'the contact to show as grade by hand');
    const [ann, bea] = (await ds.query('SELECT id FROM contact_subject WHERE contact_id = $1 ORDER BY position', [created.id])).map((r: { id: string }) => r.id as string);

    // The per-child grade route says where to go.
    const early = await post('mash_worker', `/api/v1/contacts/${created.id}/subjects/${ann}/grade`, { grade: 'AMBER', criterion: 'AMBER.harm-not-ruled-out', rationale: 'Cold house, little food.' });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('grade-by-hand');

    // Every child, each with a criterion of its grade: otherwise 422 naming the field, and nothing saved.
    const amber = { grade: 'AMBER', criterion: 'AMBER.harm-not-ruled-out', rationale: 'Cold house and little food: checks with school and GP needed.' };
    const green = { grade: 'GREEN', criterion: 'GREEN.universal-services', rationale: 'Older sister, in school every day, no concern named for her.' };
    const missing = await post('mash_worker', `/api/v1/contacts/${created.id}/grade-by-hand`, { children: [{ subjectId: ann, ...amber }] });
    expect(missing.status).toBe(422);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'children', rule: 'RAG-3.every-child', message: expect.stringContaining(bea) })]);
    const wrong = await post('mash_worker', `/api/v1/contacts/${created.id}/grade-by-hand`, { children: [{ subjectId: ann, ...amber, criterion: 'GREEN.universal-services' }, { subjectId: bea, ...green }] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details.map((d: { field: string }) => d.field)).toEqual(['children[0].criterion']);
    const noReason = await post('mash_worker', `/api/v1/contacts/${created.id}/grade-by-hand`, { children: [{ subjectId: ann, ...amber, rationale: '' }, { subjectId: bea, ...green }] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.map((d: { field: string }) => d.field)).toContain('children[0].rationale');
    expect((await inQueue(created.id))).toMatchObject({ grading: 'grade_by_hand', grade: null });
    expect((await post('referrer', `/api/v1/contacts/${created.id}/grade-by-hand`, { children: [{ subjectId: ann, ...amber }, { subjectId: bea, ...green }] })).status).toBe(403);

    const done = await post('mash_worker', `/api/v1/contacts/${created.id}/grade-by-hand`, { children: [{ subjectId: ann, ...amber }, { subjectId: bea, ...green }] });
    expect([done.status, done.body.details]).toEqual([200, undefined]);
    // AMBER's deadline from receipt, as the clock of a contact the rules graded AMBER.
    const expectedDue = api.app.get(SlaClockService).computeDueAt('decision_due', new Date(created.receivedAt), api.app.get(ThresholdFrameworks).active.grades.AMBER.decisionDeadline);
    expect(done.body).toMatchObject({ contactId: created.id, grade: 'AMBER', decisionDueAt: expectedDue.toISOString() });
    expect(new Date(done.body.decisionDueAt).getTime()).toBeGreaterThan(new Date(byHand.decisionDueAt).getTime());

    const item = await inQueue(created.id);
    expect(item).toMatchObject({ grading: 'graded', grade: 'AMBER', decisionDueAt: expectedDue.toISOString(), status: 'in_progress' });
    const view = await get('mash_worker', `/api/v1/contacts/${created.id}/triage`);
    expect(view.body.clocks.find((c: { kind: string }) => c.kind === 'decision_due')).toMatchObject({ startedAt: created.receivedAt, dueAt: expectedDue.toISOString() });
    const annView = view.body.subjects.find((s: { subjectId: string }) => s.subjectId === ann);
    expect(annView).toMatchObject({ grade: 'AMBER', confirmedGrade: 'AMBER', criterion: amber.criterion, rationale: amber.rationale });
    expect(annView.changes.map((c: { kind: string; toGrade: string }) => [c.kind, c.toGrade])).toEqual([['graded_by_hand', 'AMBER']]);

    // Once: a second hand grading is refused; the child's grade now changes by the ordinary route.
    expect((await post('mash_worker', `/api/v1/contacts/${created.id}/grade-by-hand`, { children: [{ subjectId: ann, ...amber }, { subjectId: bea, ...green }] })).status).toBe(409);
    const raised = await post('mash_worker', `/api/v1/contacts/${created.id}/subjects/${bea}/grade`, { ...amber });
    expect([raised.status, raised.body.grade]).toEqual([200, 'AMBER']);
    people.failing.delete(created.id);
  }, 90_000);

  it('RAG-2: a contact still being graded automatically cannot be graded by hand', async () => {
    await triageQueue.pause();
    try {
      const t = tag();
      const res = await post('referrer', '/api/v1/contacts', { channel: 'professional', subjects: [kid(t, 'Cat', -6)], concerns: [{ category: 'home_conditions', description: 'Cold house.' }] });
      const [cat] = await ds.query('SELECT id FROM contact_subject WHERE contact_id = $1', [res.body.id]);
      const early = await post('mash_worker', `/api/v1/contacts/${res.body.id}/grade-by-hand`, { children: [{ subjectId: cat.id, grade: 'GREEN', criterion: 'GREEN.universal-services', rationale: 'Nothing more than a cold house.' }] });
      expect(early.status).toBe(409);
      expect((await inQueue(res.body.id))).toMatchObject({ grading: 'grading_pending' });
    } finally {
      await triageQueue.resume();
    }
  });

  it('PPL-2, CHK-5: an adult added to an open contact is matched with relationships to the children at once; recording that the partner left ends his relationships (validTo), the mother\'s stay open', async () => {
    const t = tag();
    const res = await post('referrer', '/api/v1/contacts', {
      channel: 'professional',
      subjects: [{ ...kid(t, 'Dot', -6), address: { line1: `${t} Mill Lane`, postcode: 'NN1 2AB', type: 'permanent' } }],
      household: [
        { firstName: `Carla${t}`, lastName: `Gap${t}`, dateOfBirth: '1990-01-02', sex: 'F', relationship: 'mother', resident: true, parentalResponsibility: 'yes' },
        { firstName: `Ed${t}`, lastName: `Partner${t}`, dateOfBirth: '1988-03-04', sex: 'M', relationship: 'mothers_partner', resident: true, parentalResponsibility: 'no', knownRisks: ['violence'] },
      ],
      concerns: [{ category: 'emotional_abuse', description: 'Shouting heard every night', subjectIndexes: [0] }],
    });
    expect(res.status).toBe(201);
    const contactId: string = res.body.id;
    const view = await graded(contactId);
    const child = view.subjects[0].personId as string;
    const person = async () => (await get('mash_worker', `/api/v1/people/${child}`)).body as { relationships: { relationship: string; personId: string; from: string; to: string | null }[] };

    // A new adult: matched and related to the child in the same request (PPL-2), the checks follow (CHK-5).
    const added = await post('mash_worker', `/api/v1/contacts/${contactId}/household`, { firstName: `Gus${t}`, lastName: `Lodger${t}`, dateOfBirth: '1980-05-06', sex: 'M', relationship: 'lodger', resident: true });
    expect([added.status, added.body.details]).toEqual([201, undefined]);
    const withLodger = await person();
    const lodger = withLodger.relationships.find((r) => r.relationship === 'lodger');
    expect(lodger).toMatchObject({ to: null });

    const full = await get('mash_worker', `/api/v1/contacts/${contactId}`);
    const partnerMember = full.body.household.find((m: { relationship: string }) => m.relationship === 'mothers_partner');
    const partner = withLodger.relationships.find((r) => r.relationship === 'mothers_partner')!;
    expect(partnerMember.personId).toBe(partner.personId);

    // Bad input: 4xx naming the field and rule; nothing changes.
    const left = (memberId: string, body: object) => post('mash_worker', `/api/v1/contacts/${contactId}/household/${memberId}/left`, body);
    const badDate = await left(partnerMember.id, { leftAt: 'last week' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.details.map((d: { field: string }) => d.field)).toEqual(['leftAt']);
    const future = await left(partnerMember.id, { leftAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.status).toBe(422);
    expect(future.body.details).toEqual([expect.objectContaining({ field: 'leftAt', rule: 'PPL-2.left-not-future' })]);
    expect((await left('00000000-0000-4000-8000-000000000000', {})).status).toBe(404);
    expect((await person()).relationships.find((r) => r.relationship === 'mothers_partner')).toMatchObject({ to: null });

    const recorded = await left(partnerMember.id, {});
    expect([recorded.status, recorded.body.details]).toEqual([201, undefined]);
    expect(recorded.body).toMatchObject({ contactId, householdMemberId: partnerMember.id });
    const leftAt: string = recorded.body.leftAt;
    expect(recorded.body.endedRelationshipIds).toHaveLength(2); // child -> partner and partner -> child

    const after = await person();
    expect(after.relationships.find((r) => r.relationship === 'mothers_partner')!.to).toBe(leftAt);
    expect(after.relationships.find((r) => r.relationship === 'mother')).toMatchObject({ to: null });
    expect(after.relationships.find((r) => r.relationship === 'lodger')).toMatchObject({ to: null });
    const contactAfter = await get('mash_worker', `/api/v1/contacts/${contactId}`);
    expect(contactAfter.body.household.find((m: { id: string }) => m.id === partnerMember.id)).toMatchObject({ leftAt, resident: false });
    expect((await left(partnerMember.id, {})).status).toBe(409);
  }, 60_000);

  describe('STR-2: police and social care at the same incident', () => {
    const daNotification = (t: string, extra: object = {}) => ({
      channel: 'police_notification',
      subjects: [kid(t, 'Kid', -10)],
      household: [
        { firstName: `Mum${t}`, lastName: `Gap${t}`, dateOfBirth: '1985-01-01', sex: 'F', relationship: 'mother', resident: true },
        { firstName: `Dad${t}`, lastName: `Gap${t}`, dateOfBirth: '1984-01-01', sex: 'M', relationship: 'father', resident: true },
      ],
      concerns: [{ category: 'da_incident', description: 'Verbal argument, neighbours called police; no injuries' }],
      ...extra,
    });
    const NFA = {
      outcome: 'nfa', thresholdLevel: 1, historyReviewed: true, rationale: 'Decision rationale.', riskAnalysis: 'Low risk: one verbal argument, no injuries.', reasonsThresholdNotMet: 'No indication of harm; needs met by universal services.',
      reasonCodes: ['needs_met_by_universal_services'], alternativeSupport: ['School pastoral support'],
    };
    async function decideNfa(extra: object) {
      const res = await post('police', '/api/v1/contacts', daNotification(tag(), extra));
      expect(res.status).toBe(201);
      const view = await graded(res.body.id);
      expect(view.subjects[0].grade).toBe('GREEN');
      const subjectId = view.subjects[0].subjectId;
      const confirmed = await post('mash_worker', `/api/v1/contacts/${res.body.id}/subjects/${subjectId}/grade`, { grade: 'GREEN', criterion: 'GREEN.universal-services', rationale: 'One verbal argument, no injuries.' });
      expect(confirmed.status).toBe(200);
      return post('mash_worker', `/api/v1/contacts/${res.body.id}/subjects/${subjectId}/decision`, NFA);
    }
    const str2 = (body: { details?: { rule: string }[] }) => (body.details ?? []).map((d) => d.rule).filter((r) => r.startsWith('STR-2.'));

    it('STR-2: a GREEN police domestic-abuse notification about a 10-year-old, social care not there, needs no strategy discussion', async () => {
      const res = await decideNfa({});
      expect([res.status, str2(res.body)]).toEqual([202, []]); // an NFA waits for a manager (DEC-4), nothing more
    }, 45_000);

    it('STR-2: the same notification saying children\'s social care attended needs a strategy discussion (or a manager\'s override)', async () => {
      const res = await decideNfa({ socialCareAttended: true });
      expect(res.status).toBe(422);
      expect(str2(res.body)).toEqual(['STR-2.joint-incident']);
    }, 45_000);

    it('STR-2: socialCareAttended must be true or false', async () => {
      const res = await post('police', '/api/v1/contacts', daNotification(tag(), { socialCareAttended: 'yes' }));
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['socialCareAttended']);
    });
  });

  it('ESC-1, STEP-2: a manager answering a challenge "changed" may make the decision early_help, with a reachable lead professional and the step-down; without them, 422 naming each field', async () => {
    const t = tag();
    const res = await post('referrer', '/api/v1/contacts', { channel: 'professional', subjects: [kid(t, 'Eve', -7)], concerns: [{ category: 'home_conditions', description: 'Home conditions poor; child often hungry' }] });
    expect(res.status).toBe(201);
    const contactId: string = res.body.id;
    const view = await graded(contactId);
    const subjectId: string = view.subjects[0].subjectId;
    expect((await post('mash_worker', `/api/v1/contacts/${contactId}/subjects/${subjectId}/grade`, { grade: 'GREEN', criterion: 'GREEN.universal-services', rationale: 'Confirmed after reading the history.' })).status).toBe(200);
    const pending = await post('mash_manager', `/api/v1/contacts/${contactId}/subjects/${subjectId}/decision`, {
      outcome: 'nfa', thresholdLevel: 1, historyReviewed: true, rationale: 'Decision rationale.', riskAnalysis: 'Low risk: home visit found adequate care.', reasonsThresholdNotMet: 'No indication of harm; needs met by universal services.',
      reasonCodes: ['needs_met_by_universal_services'], alternativeSupport: ['Family Hub drop-in on Tuesdays'],
    });
    expect(pending.status).toBe(202);
    expect((await post('manager2@mash.localhost', `/api/v1/approvals/${pending.body.approvalId}/approve`)).status).toBe(200);
    const raised = await post('referrer', '/api/v1/challenges', { targetType: 'decision', targetId: pending.body.id, reason: 'The child is hungry every day: the family needs help.' });
    expect([raised.status, raised.body.details]).toEqual([201, undefined]);

    const early = { outcome: 'early_help', thresholdLevel: 2, rationale: 'Needs met by early help with a family support worker.', historyReviewed: true, reasonCodes: ['needs_met_by_early_help'] };
    const incomplete = await post('manager2@mash.localhost', `/api/v1/challenges/${raised.body.id}/respond`, { outcome: 'changed', reason: 'Early help fits better.', newDecision: { ...early, leadProfessional: { name: 'Someone at the hub' } } });
    expect([incomplete.status, incomplete.body.message]).toEqual([422, expect.any(String)]);
    expect(incomplete.body.details.filter((d: { rule: string }) => d.rule === 'STEP-2.incomplete').map((d: { field: string }) => d.field).sort()).toEqual([
      'leadProfessional.agencyId', 'leadProfessional.email', 'stepDown.plan.actions', 'stepDown.reviewDate', 'stepDown.riskHandover',
    ]);
    const badDate = await post('manager2@mash.localhost', `/api/v1/challenges/${raised.body.id}/respond`, { outcome: 'changed', reason: 'Early help fits better.', newDecision: { ...early, stepDown: { reviewDate: 'soon' } } });
    expect(badDate.status).toBe(400);
    expect(badDate.body.details.map((d: { field: string }) => d.field)).toContain('newDecision.stepDown.reviewDate');

    const plan = { actions: [{ action: 'Family support worker visits weekly', owner: 'Early Help', successCriteria: 'Child eats breakfast at school every day for six weeks' }] };
    const answer = await post('manager2@mash.localhost', `/api/v1/challenges/${raised.body.id}/respond`, {
      outcome: 'changed', reason: 'Early help fits better.',
      newDecision: { ...early, leadProfessional: { name: 'Eli Early Help', email: 'earlyhelp@mash.localhost' }, stepDown: { riskHandover: 'Child often hungry; home conditions poor', plan, reviewDate: dateFromToday({ months: 2 }) } },
    });
    expect([answer.status, answer.body.details]).toEqual([200, undefined]);
    expect(answer.body.newDecision).toEqual(expect.objectContaining({ outcome: 'early_help' }));
    const [sd] = await ds.query('SELECT id FROM step_down WHERE decision_id = $1', [answer.body.newDecision.id]);
    const stepDown = await get('mash_worker', `/api/v1/step-downs/${sd.id}`);
    expect(stepDown.body).toMatchObject({ leadProfessional: { name: 'Eli Early Help', email: 'earlyhelp@mash.localhost' }, riskHandover: 'Child often hungry; home conditions poor', plan });
  }, 60_000);
});
