import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { ContactSeed } from '../factories/contact-factory';
import { submitContact } from '../factories/submit-contact';
import { withDb } from '../utils/db';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';
import { TEST_ADMIN } from '../utils/test-secrets';

/**
 * Triage queue and grading through HTTP (SPEC RAG-1..RAG-4). Contacts arrive the way intake (#3)
 * delivers them - contact rows plus a `contact.received` outbox row in one transaction - and are
 * graded by the real worker (relay + triage processor); every assertion reads what a MASH worker or
 * manager sees through the API.
 */
describe('Triage queue and grading (SPEC RAG-2..RAG-4)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;
  const userId = async (email: string) => (await withDb((db) => db.query('SELECT id FROM app_user WHERE email = $1', [email]))).rows[0].id as string;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  /** Finds a contact in the queue (following pages), as a worker would scroll to it. */
  async function inQueue(contactId: string, query: Record<string, string> = {}, who = 'mash_worker') {
    let cursor: string | undefined;
    for (;;) {
      const res = await api.http.get('/api/v1/triage/queue').query({ ...query, limit: 200, ...(cursor ? { cursor } : {}) }).set('Authorization', await auth(who));
      expect(res.status).toBe(200);
      const item = res.body.items.find((i: { id: string }) => i.id === contactId);
      if (item) return item;
      if (!res.body.nextCursor) return undefined;
      cursor = res.body.nextCursor;
    }
  }

  /** Submits a contact like intake does and waits until the worker has graded it. */
  async function submitAndWait(seed: ContactSeed) {
    const created = await submitContact(ds, seed);
    // An ungraded contact is in the queue at once ("grading pending"); wait for its grade.
    const item = await waitFor(async () => {
      const found = await inQueue(created.contact.id);
      return found?.grading === 'graded' ? found : undefined;
    }, 15_000, 'the contact to be graded in the triage queue');
    return { ...created, item };
  }

  const baby = () => DateTime.now().setZone('Europe/London').minus({ days: 100 }).toISODate()!;

  it('a submitted contact is graded by the worker process and appears in the queue with its fired rules and deadline', async () => {
    const receivedAt = new Date();
    const { contact, subjects, item } = await submitAndWait({ receivedAt, subjects: [{ dateOfBirth: baby() }], concerns: [{ category: 'injury' }] });
    expect(item).toMatchObject({ reference: contact.reference, grade: 'RED', provisionalGrade: 'RED', status: 'triaged', assignedTo: null, breached: false });
    expect(item.firedRules).toContain('RAG-2.red.injury-under-one');
    // RED: 4 hours around the clock from receipt.
    expect(new Date(item.decisionDueAt).getTime()).toBe(receivedAt.getTime() + 4 * 3600_000);
    expect(item.timeLeftSeconds).toBeGreaterThan(3 * 3600);

    const view = await api.http.get(`/api/v1/contacts/${contact.id}/triage`).set('Authorization', await auth('mash_worker'));
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ grade: 'RED', frameworkVersion: 'rag-framework-v2', status: 'triaged' });
    expect(view.body.subjects[0]).toMatchObject({ subjectId: subjects[0].id, grade: 'RED', provisionalGrade: 'RED', confirmedGrade: null });
    expect(view.body.subjects[0].firedRules).toEqual([{ ruleId: 'RAG-2.red.injury-under-one', description: 'Any injury to a child under 1', minimumGrade: 'RED' }]);
    expect(view.body.clocks).toEqual([expect.objectContaining({ kind: 'decision_due', dueAt: item.decisionDueAt, duration: '4 hours, around the clock', breachedAt: null })]);
    expect(view.body.framework.grades.RED.requiredResponse).toMatch(/strategy discussion/i);
    // Reading a child's record is audited (SPEC MGT-4).
    // (The queue's own reads, one per contact it listed, are counted apart: test/e2e/read-inventory.spec.ts.)
    const audit = await withDb((db) => db.query(`SELECT actor_role FROM audit_event WHERE action = 'contact.read' AND entity_id = $1 AND summary->>'view' = 'triage'`, [contact.id]));
    expect(audit.rows).toEqual([{ actor_role: 'mash_worker' }]);
  });

  it('each child gets its own grade; the contact takes the highest; the queue is ordered by decision due time', async () => {
    const { contact, subjects, item } = await submitAndWait({
      subjects: [{ dateOfBirth: '2014-03-01' }, { dateOfBirth: '2016-07-09' }],
      concerns: [{ category: 'self_harm', subjects: [0] }, { category: 'home_conditions', subjects: [1] }],
    });
    expect(item.grade).toBe('AMBER');
    const view = await api.http.get(`/api/v1/contacts/${contact.id}/triage`).set('Authorization', await auth('mash_worker'));
    expect(view.body.subjects.map((s: { subjectId: string; grade: string }) => [s.subjectId, s.grade])).toEqual([
      [subjects[0].id, 'AMBER'],
      [subjects[1].id, 'GREEN'],
    ]);
    const page = await api.http.get('/api/v1/triage/queue').query({ limit: 200 }).set('Authorization', await auth('mash_manager'));
    const due = page.body.items.map((i: { decisionDueAt: string }) => i.decisionDueAt);
    expect([...due].sort()).toEqual(due);
  });

  it('lowering a grade returns 202 and the queue keeps the higher grade until another manager approves; nobody approves their own request', async () => {
    const { contact, subjects } = await submitAndWait({ concerns: [{ category: 'sexual_abuse' }] });
    const lower = await api.http
      .post(`/api/v1/contacts/${contact.id}/subjects/${subjects[0].id}/grade`)
      .set('Authorization', await auth('mash_worker'))
      .send({ grade: 'AMBER', criterion: 'AMBER.harm-not-ruled-out', rationale: 'Allegation is third-hand; checks needed before harm can be ruled out.' });
    expect(lower.status).toBe(202);
    expect(lower.body).toMatchObject({ status: 'pending_approval', grade: 'RED', requestedGrade: 'AMBER', reasons: ['RAG-3.lowering'] });
    const approvalId = lower.body.approvalId;

    expect(await inQueue(contact.id)).toMatchObject({ grade: 'RED', status: 'pending_approval' });
    // A worker may not approve at all; the requester may not approve their own request.
    expect((await api.http.post(`/api/v1/approvals/${approvalId}/approve`).set('Authorization', await auth('mash_worker')).send({})).status).toBe(403);
    // A second lowering while one waits is a conflict, not a second request.
    const again = await api.http
      .post(`/api/v1/contacts/${contact.id}/subjects/${subjects[0].id}/grade`)
      .set('Authorization', await auth('mash_worker'))
      .send({ grade: 'GREEN', criterion: 'GREEN.early-help', rationale: 'Trying again while the first request waits.' });
    expect(again.status).toBe(409);

    const approved = await api.http.post(`/api/v1/approvals/${approvalId}/approve`).set('Authorization', await auth('manager@mash.localhost')).send({ comments: 'Agreed: checks first.' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', kind: 'grade_lowering', decidedBy: await userId('manager@mash.localhost'), result: { grade: 'AMBER', contactGrade: 'AMBER' } });
    expect(await inQueue(contact.id)).toMatchObject({ grade: 'AMBER', provisionalGrade: 'RED', status: 'in_progress' });
    expect((await api.http.post(`/api/v1/approvals/${approvalId}/approve`).set('Authorization', await auth('manager2@mash.localhost')).send({})).status).toBe(409);

    const view = await api.http.get(`/api/v1/contacts/${contact.id}/triage`).set('Authorization', await auth('mash_worker'));
    expect(view.body.subjects[0]).toMatchObject({ grade: 'AMBER', confirmedGrade: 'AMBER', criterion: 'AMBER.harm-not-ruled-out', confirmedBy: await userId('worker@mash.localhost'), pendingApproval: null });
    expect(view.body.subjects[0].changes.map((c: { kind: string }) => c.kind)).toEqual(['provisional', 'lowering_requested', 'lowering_approved']);
    // Lowering never shortens the deadline: AMBER from receipt is later than RED's 4 hours.
    expect(new Date(view.body.decisionDueAt).getTime()).toBeGreaterThan(new Date(contact.receivedAt).getTime() + 4 * 3600_000);
  });

  it('a manager lowering a grade cannot approve it themself (403); a second manager can reject it with comments', async () => {
    const { contact, subjects } = await submitAndWait({ concerns: [{ category: 'threat_to_harm_or_kill' }] });
    const lower = await api.http
      .post(`/api/v1/contacts/${contact.id}/subjects/${subjects[0].id}/grade`)
      .set('Authorization', await auth('manager@mash.localhost'))
      .send({ grade: 'GREEN', criterion: 'GREEN.universal-services', rationale: 'The threat was a figure of speech, per the school.' });
    expect(lower.status).toBe(202);
    const own = await api.http.post(`/api/v1/approvals/${lower.body.approvalId}/approve`).set('Authorization', await auth('manager@mash.localhost')).send({});
    expect(own.status).toBe(403);
    expect(own.body.message).toMatch(/own request/);
    expect((await api.http.post(`/api/v1/approvals/${lower.body.approvalId}/reject`).set('Authorization', await auth('manager2@mash.localhost')).send({})).status).toBe(400);
    const rejected = await api.http
      .post(`/api/v1/approvals/${lower.body.approvalId}/reject`)
      .set('Authorization', await auth('manager2@mash.localhost'))
      .send({ comments: 'A threat to kill is RED until police checks say otherwise.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', comments: 'A threat to kill is RED until police checks say otherwise.' });
    expect(await inQueue(contact.id)).toMatchObject({ grade: 'RED', status: 'in_progress' });
  });

  it('raising takes effect at once (200) and brings the decision deadline forward', async () => {
    const { contact, subjects, item } = await submitAndWait({ concerns: [{ category: 'home_conditions' }] });
    expect(item.grade).toBe('GREEN');
    const before = new Date(item.decisionDueAt).getTime();
    const raised = await api.http
      .post(`/api/v1/contacts/${contact.id}/subjects/${subjects[0].id}/grade`)
      .set('Authorization', await auth('mash_worker'))
      .send({ grade: 'RED', criterion: 'RED.likely-significant-harm', rationale: 'The referrer rang back: the child is locked out overnight.' });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ status: 'confirmed', grade: 'RED', contactGrade: 'RED', provisionalGrade: 'GREEN' });
    const after = await inQueue(contact.id);
    expect(after).toMatchObject({ grade: 'RED', status: 'in_progress' });
    expect(new Date(after.decisionDueAt).getTime()).toBeLessThan(before);
    expect(new Date(after.decisionDueAt).getTime()).toBeLessThanOrEqual(Date.now() + 4 * 3600_000);
  });

  it('below a referrer who said "immediate risk" needs approval even when confirming the grade in effect', async () => {
    const { contact, subjects, item } = await submitAndWait({ urgency: 'immediate_risk', concerns: [{ category: 'other' }] });
    expect(item).toMatchObject({ grade: 'RED', firedRules: ['RAG-2.red.referrer-immediate-risk'] });
    const res = await api.http
      .post(`/api/v1/contacts/${contact.id}/subjects/${subjects[0].id}/grade`)
      .set('Authorization', await auth('mash_worker'))
      .send({ grade: 'AMBER', criterion: 'AMBER.child-in-need', rationale: 'Police attended; the child is safe with a grandparent.' });
    expect(res.status).toBe(202);
    expect(res.body.reasons).toEqual(['RAG-3.lowering', 'RAG-3.below-immediate-risk']);
  });

  it('a worker takes a contact, or a manager gives it to someone; the queue filters by holder', async () => {
    const { contact } = await submitAndWait({ concerns: [{ category: 'neglect_indicator' }] });
    const take = await api.http.post(`/api/v1/contacts/${contact.id}/assign`).set('Authorization', await auth('mash_worker')).send({});
    expect(take.status).toBe(200);
    expect(take.body).toMatchObject({ assignedTo: { userId: await userId('worker@mash.localhost') }, status: 'in_progress' });
    expect(await inQueue(contact.id, { assignedTo: 'me' })).toMatchObject({ assignedTo: { userId: await userId('worker@mash.localhost'), name: 'Sam Social Worker' } });
    expect(await inQueue(contact.id, { assignedTo: 'none' })).toBeUndefined();

    const referrer = await userId('referrer@mash.localhost');
    const refused = await api.http.post(`/api/v1/contacts/${contact.id}/assign`).set('Authorization', await auth('mash_manager')).send({ userId: referrer });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'userId', rule: 'RAG-4.assignee' })]);

    const manager2 = await userId('manager2@mash.localhost');
    const give = await api.http.post(`/api/v1/contacts/${contact.id}/assign`).set('Authorization', await auth('mash_manager')).send({ userId: manager2 });
    expect(give.status).toBe(200);
    const view = await api.http.get(`/api/v1/contacts/${contact.id}/triage`).set('Authorization', await auth('mash_manager'));
    expect(view.body.assignedTo.userId).toBe(manager2);
    expect(view.body.clocks[0].holderUserId).toBe(manager2);
  });

  it('refuses what it cannot do: wrong criterion (422), unknown child (404), not a UUID (400), unknown property (400), wrong role (403)', async () => {
    const { contact, subjects } = await submitAndWait({ concerns: [{ category: 'was_not_brought' }] });
    const url = `/api/v1/contacts/${contact.id}/subjects/${subjects[0].id}/grade`;
    const worker = await auth('mash_worker');
    const wrongCriterion = await api.http.post(url).set('Authorization', worker).send({ grade: 'AMBER', criterion: 'RED.likely-significant-harm', rationale: 'A reason long enough.' });
    expect(wrongCriterion.status).toBe(422);
    expect(wrongCriterion.body.details[0]).toMatchObject({ field: 'criterion', rule: 'RAG-3.criterion' });
    const badGrade = await api.http.post(url).set('Authorization', worker).send({ grade: 'PURPLE', criterion: 'x', rationale: 'A reason long enough.', extra: 1 });
    expect(badGrade.status).toBe(400);
    expect(badGrade.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['extra', 'grade']);
    const otherContact = await submitContact(ds, {});
    const notHere = await api.http.post(`/api/v1/contacts/${contact.id}/subjects/${otherContact.subjects[0].id}/grade`).set('Authorization', worker).send({ grade: 'AMBER', criterion: 'AMBER.child-in-need', rationale: 'A reason long enough.' });
    expect(notHere.status).toBe(404);
    const notUuid = await api.http.get('/api/v1/contacts/not-a-uuid/triage').set('Authorization', worker);
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.details[0]).toMatchObject({ field: 'id', rule: 'isUuid' });
    expect((await api.http.get('/api/v1/contacts/3f1c1f0e-0000-4000-8000-000000000000/triage').set('Authorization', worker)).status).toBe(404);
    expect((await api.http.get('/api/v1/triage/queue').set('Authorization', await auth('referrer'))).status).toBe(403);
    // Administrators never read case data (SPEC SEC-4).
    const admin = await api.http.post('/api/v1/auth/token').send(TEST_ADMIN);
    expect((await api.http.get('/api/v1/triage/queue').set('Authorization', `Bearer ${admin.body.accessToken}`)).status).toBe(403);
    expect((await api.http.post(url).set('Authorization', await auth('auditor')).send({ grade: 'AMBER', criterion: 'AMBER.child-in-need', rationale: 'A reason long enough.' })).status).toBe(403);
    const badFilter = await api.http.get('/api/v1/triage/queue').query({ grade: 'amber', cursor: 'garbage' }).set('Authorization', worker);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.details[0]).toMatchObject({ field: 'grade' });
  });

  it('the queue filters by grade and status and pages with a cursor', async () => {
    await submitAndWait({ concerns: [{ category: 'cse_cce' }] });
    const reds = await api.http.get('/api/v1/triage/queue').query({ grade: 'RED', status: 'triaged', limit: 1 }).set('Authorization', await auth('mash_worker'));
    expect(reds.status).toBe(200);
    expect(reds.body.items).toHaveLength(1);
    expect(reds.body.items[0]).toMatchObject({ grade: 'RED', status: 'triaged' });
    if (reds.body.nextCursor) {
      const next = await api.http.get('/api/v1/triage/queue').query({ grade: 'RED', status: 'triaged', limit: 1, cursor: reds.body.nextCursor }).set('Authorization', await auth('mash_worker'));
      expect(next.body.items[0]?.id).not.toBe(reds.body.items[0].id);
    }
  });
});
