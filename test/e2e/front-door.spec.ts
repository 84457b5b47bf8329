import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PeopleForTriage } from '../../src/modules/people/people-for-triage';
import { GRADING_SWEEP_CONFIG } from '../../src/modules/triage/grading-sweep-config';
import { QUEUES } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { dateFromToday, tag } from '../factories/contact-bodies';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';
import { FailingForSomePeople } from '../utils/failing-people';
import { gradingFailsForGood } from '../utils/triage-jobs';

const SWEEP = { ungradedAfterSeconds: 2, sweepEverySeconds: 1 };

/**
 * Nothing falls through the front door (SPEC RAG-2, RAG-4, RAG-5, INT-4, INT-7, CHK-5; IOW 2.3,
 * DUD 5.8-5.18, Q 8.26): every contact is in the queue from receipt, every new fact reaches a
 * person, every child in the household is graded and decided. Through HTTP, with the real worker.
 */
describe('Nothing falls through the front door', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  /** Contacts whose people step (and so whose grading) fails every time: a fault the test switches on per contact. */
  let people: FailingForSomePeople;
  let triageQueue: Queue;
  const auth = async (who: string) => ({ Authorization: `Bearer ${await api.tokenFor(who)}` });

  beforeAll(async () => {
    api = await startApi((m) => m.overrideProvider(GRADING_SWEEP_CONFIG).useValue(SWEEP));
    worker = await startWorker((m) => m.overrideProvider(GRADING_SWEEP_CONFIG).useValue(SWEEP).overrideProvider(PeopleForTriage).useClass(FailingForSomePeople));
    people = worker.get(PeopleForTriage) as FailingForSomePeople;
    triageQueue = worker.get(QueueRegistry).get(QUEUES.triage);
  });
  afterAll(async () => {
    await triageQueue.resume();
    await worker.close();
    await api.close();
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

  const graded = (contactId: string, timeoutMs = 20_000) => waitFor(async () => {
    const item = await inQueue(contactId);
    return item?.grading === 'graded' ? item : undefined;
  }, timeoutMs, 'the contact to be graded');

  async function contact(body: Record<string, unknown>) {
    const res = await api.http.post('/api/v1/contacts').set(await auth('referrer')).send({ channel: 'professional', ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; reference: string; receivedAt: string };
  }

  const child = (t: string, years = -8) => ({ firstName: `Ada${t}`, lastName: `Door${t}`, dateOfBirth: dateFromToday({ years }), sex: 'F' });
  const decide = async (who: string, contactId: string, subjectId: string, body: Record<string, unknown>) =>
    api.http.post(`/api/v1/contacts/${contactId}/subjects/${subjectId}/decision`).set(await auth(who)).send({ historyReviewed: true, rationale: 'Decision rationale.', ...body });
  const NFA = {
    outcome: 'nfa', thresholdLevel: 1, riskAnalysis: 'Low risk: home visit found adequate care.', reasonsThresholdNotMet: 'No indication of harm; needs met by universal services.',
    reasonCodes: ['needs_met_by_universal_services'], alternativeSupport: ['Family Hub drop-in on Tuesdays'],
  };
  /** An NFA (every NFA waits for a manager, DEC-4), approved by a second manager: final. */
  async function nfa(contactId: string, subjectId: string) {
    const confirmed = await api.http.post(`/api/v1/contacts/${contactId}/subjects/${subjectId}/grade`).set(await auth('mash_worker'))
      .send({ grade: 'GREEN', criterion: 'GREEN.universal-services', rationale: 'Confirmed after reading the history.' });
    expect(confirmed.status).toBe(200);
    const pending = await decide('mash_manager', contactId, subjectId, NFA);
    expect(pending.status).toBe(202);
    const approved = await api.http.post(`/api/v1/approvals/${pending.body.approvalId}/approve`).set(await auth('manager2@mash.localhost')).send({});
    expect(approved.status).toBe(200);
  }

  it('RAG-5, RAG-4: a contact whose triage job is removed from Redis is in the queue at once as "grading pending", and the sweeper has it graded within its configured time', async () => {
    await triageQueue.pause();
    const t = tag();
    const created = await contact({ subjects: [child(t)], concerns: [{ category: 'home_conditions', description: 'The house is cold and there is little food.' }] });

    // At once: in the queue, ungraded, its decision clock running from receipt under the strictest deadline (RED: 4 hours around the clock).
    const pending = await inQueue(created.id);
    expect(pending).toMatchObject({ reference: created.reference, grading: 'grading_pending', gradingFailure: null, grade: null, status: 'received', assignedTo: null, breached: false });
    expect(new Date(pending.decisionDueAt).getTime()).toBe(new Date(created.receivedAt).getTime() + 4 * 3600_000);
    const page = await api.http.get('/api/v1/triage/queue').query({ limit: 200 }).set(await auth('mash_manager'));
    const due = page.body.items.map((i: { decisionDueAt: string }) => i.decisionDueAt);
    expect([...due].sort()).toEqual(due);

    // The relay hands the job to Redis, and Redis loses it.
    const job = await waitFor(() => triageQueue.getJob(`triage.${created.id}`), 15_000, 'the relay to queue the grading job');
    await job!.remove();
    await triageQueue.resume();

    // Graded by the sweeper within its configured time (past the limit, at the next sweep; a few seconds' slack for the worker).
    const item = await graded(created.id, (SWEEP.ungradedAfterSeconds + SWEEP.sweepEverySeconds + 5) * 1000);
    expect(item).toMatchObject({ grading: 'graded', grade: 'GREEN', status: 'triaged' });
    const view = await api.http.get(`/api/v1/contacts/${created.id}/triage`).set(await auth('mash_worker'));
    expect(view.body).toMatchObject({ graded: true, grading: 'graded' });
    expect(view.body.clocks[0].startedAt).toBe(created.receivedAt); // the decision clock runs from receipt
  });

  it('RAG-2, OPS-3, OPS-5: a contact whose grading always throws is shown as "grade by hand" with its reason, and counts in /health/ready and /metrics', async () => {
    await triageQueue.pause();
    const t = tag();
    const created = await contact({ subjects: [child(t)], concerns: [{ category: 'self_harm', description: 'Cuts on her arm seen in PE.' }] });
    people.failing.add(created.id);
    await triageQueue.resume();
    await gradingFailsForGood(triageQueue, created.id);

    const item = await waitFor(async () => {
      const i = await inQueue(created.id);
      return i?.grading === 'grade_by_hand' ? i : undefined;
    }, 10_000, 'the contact to show as grade by hand');
    expect(item).toMatchObject({ grade: null, status: 'received' });
    expect(item.gradingFailure).toMatch(/^Automatic grading failed 8 times \(last error: the person index did not answer\)/);
    const full = await api.http.get(`/api/v1/contacts/${created.id}`).set(await auth('mash_worker'));
    expect(full.body.gradingFailure.reason).toBe(item.gradingFailure);

    // Once past its limit, it counts as ungraded past its limit.
    const ready = await waitFor(async () => {
      const r = await api.http.get('/health/ready');
      return r.status === 200 && r.body.contacts.ungradedPastLimit >= 1 ? r : undefined;
    }, (SWEEP.ungradedAfterSeconds + 3) * 1000, 'the health check to count it');
    expect(ready.body.status).toBe('ok');
    const metrics = await api.http.get('/metrics');
    const line = metrics.text.split('\n').find((l) => l.startsWith('mash_contacts_ungraded_overdue '));
    expect(Number(line?.split(' ')[1])).toBeGreaterThanOrEqual(1);
    people.failing.delete(created.id);
  }, 90_000);

  it('RAG-2, RAG-3, INT-7: a concern the referrer adds raises an AMBER child to RED at once, flagged for the worker to confirm, and the worker holding the contact is told', async () => {
    const t = tag();
    const created = await contact({ subjects: [child(t)], concerns: [{ category: 'self_harm', description: 'Cuts on her arm seen in PE.' }] });
    const before = await graded(created.id);
    expect(before.grade).toBe('AMBER');
    expect((await api.http.post(`/api/v1/contacts/${created.id}/assign`).set(await auth('mash_worker')).send({})).status).toBe(200);

    const added = await api.http.post(`/api/v1/contacts/${created.id}/information`).set(await auth('referrer')).send({
      note: 'She told her teacher more this morning.', concerns: [{ category: 'sexual_abuse', description: 'She said her uncle touched her.' }],
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ contactId: created.id, reference: created.reference, followsContactId: null });

    const after = await waitFor(async () => {
      const i = await inQueue(created.id);
      return i?.grade === 'RED' ? i : undefined;
    }, 20_000, 'the rules to raise the grade');
    expect(after).toMatchObject({ grade: 'RED', provisionalGrade: 'AMBER', gradeAwaitingConfirmation: true });
    expect(new Date(after.updatedAt).getTime()).toBeGreaterThan(new Date(before.updatedAt).getTime());
    expect(after.lastInformationAt).toBe(added.body.addedAt);
    // The deadline comes forward to RED's (4 hours around the clock, never later than it was).
    expect(new Date(after.decisionDueAt).getTime()).toBeLessThan(new Date(before.decisionDueAt).getTime());

    const view = await api.http.get(`/api/v1/contacts/${created.id}/triage`).set(await auth('mash_worker'));
    expect(view.body.subjects[0]).toMatchObject({ grade: 'RED', awaitingConfirmation: true, confirmedGrade: null });
    expect(view.body.subjects[0].changes.map((c: { kind: string; toGrade: string }) => [c.kind, c.toGrade])).toEqual([['provisional', 'AMBER'], ['raised_by_rules', 'RED']]);
    expect(view.body.subjects[0].firedRules.map((r: { ruleId: string }) => r.ruleId)).toContain('RAG-2.red.sexual-abuse');

    const notices = await api.http.get('/api/v1/notifications').query({ unread: 'true' }).set(await auth('mash_worker'));
    const notice = notices.body.items.find((n: { contactId: string }) => n.contactId === created.id);
    expect(notice).toMatchObject({ kind: 'contact_information', message: expect.stringContaining(`New information on ${created.reference}; grade raised to RED`) });

    // Lowering it back is never silent: it needs a manager (RAG-3).
    const lower = await api.http.post(`/api/v1/contacts/${created.id}/subjects/${view.body.subjects[0].subjectId}/grade`).set(await auth('mash_worker'))
      .send({ grade: 'AMBER', criterion: 'AMBER.harm-not-ruled-out', rationale: 'Trying to go back to the earlier grade.' });
    expect(lower.status).toBe(202);
  });

  it('PPL-4, DUD 5.8: information added after an NFA opens a new contact following the closed one, whose child carries the re-contact flag', async () => {
    const t = tag();
    const created = await contact({ subjects: [{ ...child(t), nhsNumber: null }], concerns: [{ category: 'home_conditions', description: 'Untidy home, no food in the fridge.' }] });
    await graded(created.id);
    const triage = await api.http.get(`/api/v1/contacts/${created.id}/triage`).set(await auth('mash_worker'));
    await nfa(created.id, triage.body.subjects[0].subjectId);
    expect((await api.http.get(`/api/v1/contacts/${created.id}`).set(await auth('mash_worker'))).body.status).toBe('decided');

    const added = await api.http.post(`/api/v1/contacts/${created.id}/information`).set(await auth('referrer')).send({
      concerns: [{ category: 'neglect_indicator', description: 'She came to school hungry again, in the same clothes all week.' }],
    });
    expect(added.status).toBe(201);
    expect(added.body.followsContactId).toBe(created.id);
    expect(added.body.contactId).not.toBe(created.id);
    expect(added.body.reference).toMatch(/^MASH-\d{4}-\d{6,}$/);

    // The closed record gets no note; the new contact holds the information and is triaged like any other.
    const original = await api.http.get(`/api/v1/contacts/${created.id}`).set(await auth('mash_worker'));
    expect(original.body.information).toEqual([]);
    const next = await api.http.get(`/api/v1/contacts/${added.body.contactId}`).set(await auth('mash_worker'));
    expect(next.body).toMatchObject({ followsContactId: created.id, status: expect.any(String), channel: 'professional' });
    expect(next.body.concerns).toEqual([expect.objectContaining({ category: 'neglect_indicator', informationId: added.body.informationId })]);
    // The referrer sees the new contact among their own.
    expect((await api.http.get(`/api/v1/contacts/${added.body.contactId}`).set(await auth('referrer'))).status).toBe(200);

    await graded(added.body.contactId);
    const view = await api.http.get(`/api/v1/contacts/${added.body.contactId}/triage`).set(await auth('mash_worker'));
    const flags = view.body.subjects[0].flags;
    expect(flags).toContainEqual(expect.objectContaining({ ruleId: 'PPL-4.recontact-after-closure' }));
    const recontact = flags.find((f: { ruleId: string }) => f.ruleId === 'PPL-4.recontact-after-closure');
    expect(recontact.causingContacts.map((c: { id: string }) => c.id)).toContain(created.id);
  });

  it('INT-4, Q 8.26: a contact naming one child whose household lists a sibling gives two graded children, and is decided only after both decisions', async () => {
    const t = tag();
    const created = await contact({
      subjects: [child(t)],
      household: [{ firstName: `Mum${t}`, lastName: `Door${t}`, relationship: 'mother', resident: true }, { firstName: `Sib${t}`, lastName: `Door${t}`, relationship: 'sibling', dateOfBirth: dateFromToday({ years: -4 }), resident: true }],
      concerns: [{ category: 'home_conditions', description: 'The house is cold and there is little food.' }],
    });
    const full = await api.http.get(`/api/v1/contacts/${created.id}`).set(await auth('mash_worker'));
    expect(full.body.subjects).toHaveLength(2);
    expect(full.body.subjects[0].householdMemberId).toBeNull();
    expect(full.body.subjects[1]).toMatchObject({ firstName: `Sib${t}`, householdMemberId: full.body.household[1].id });

    await graded(created.id);
    const view = await api.http.get(`/api/v1/contacts/${created.id}/triage`).set(await auth('mash_worker'));
    expect(view.body.subjects.map((s: { fromHousehold: boolean; grade: string | null }) => [s.fromHousehold, s.grade !== null])).toEqual([[false, true], [true, true]]);

    await nfa(created.id, view.body.subjects[0].subjectId);
    expect((await api.http.get(`/api/v1/contacts/${created.id}`).set(await auth('mash_worker'))).body.status).not.toBe('decided');
    await nfa(created.id, view.body.subjects[1].subjectId);
    expect((await api.http.get(`/api/v1/contacts/${created.id}`).set(await auth('mash_worker'))).body.status).toBe('decided');
  });

  it('INT-4, CHK-5: staff add an adult to the household of an open contact; the adult needs a police check, and the worker holding it is told', async () => {
    const t = tag();
    const created = await contact({ subjects: [child(t)], concerns: [{ category: 'self_harm', description: 'Cuts on her arm seen in PE.' }] });
    await graded(created.id);
    expect((await api.http.post(`/api/v1/contacts/${created.id}/assign`).set(await auth('mash_worker')).send({})).status).toBe(200);

    const refused = await api.http.post(`/api/v1/contacts/${created.id}/household`).set(await auth('mash_worker')).send({ relationship: 'mothers_partner' });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'household.unknownReason', rule: 'INT-4.unknown-reason' })]);
    expect((await api.http.post(`/api/v1/contacts/${created.id}/household`).set(await auth('referrer')).send({ relationship: 'mothers_partner', firstName: 'X' })).status).toBe(403);

    const added = await api.http.post(`/api/v1/contacts/${created.id}/household`).set(await auth('mash_worker')).send({ firstName: `New${t}`, lastName: `Partner${t}`, relationship: 'mothers_partner', sex: 'M', resident: true });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ contactId: created.id, child: false, subjectId: null });

    const checks = await api.http.get(`/api/v1/contacts/${created.id}/checks`).set(await auth('mash_worker'));
    expect(checks.status).toBe(200);
    expect(JSON.stringify(checks.body)).toContain(added.body.householdMemberId);
    const notice = await waitFor(async () => {
      const n = await api.http.get('/api/v1/notifications').query({ unread: 'true' }).set(await auth('mash_worker'));
      return n.body.items.find((x: { contactId: string; kind: string }) => x.contactId === created.id && x.kind === 'household_change');
    }, 20_000, 'the worker to be told');
    expect(notice.message).toContain('police and agency checks are required');

    // A child added to the household is graded as a named one.
    const sibling = await api.http.post(`/api/v1/contacts/${created.id}/household`).set(await auth('mash_worker')).send({ firstName: `Kid${t}`, lastName: `Door${t}`, relationship: 'half_sibling', dateOfBirth: dateFromToday({ years: -2 }) });
    expect(sibling.status).toBe(201);
    expect(sibling.body).toMatchObject({ child: true, subjectId: expect.any(String) });
    await waitFor(async () => {
      const v = await api.http.get(`/api/v1/contacts/${created.id}/triage`).set(await auth('mash_worker'));
      return v.body.subjects.find((s: { subjectId: string; grade: string | null }) => s.subjectId === sibling.body.subjectId && s.grade !== null);
    }, 20_000, 'the new child to be graded');
  });
});
