import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { PeopleForTriage } from '../../../src/modules/people/people-for-triage';
import { QUEUES } from '../../../src/queue/queue-names';
import { QueueRegistry } from '../../../src/queue/queue-registry';
import { randomName } from '../../factories/contact-factory';
import { submitContact } from '../../factories/submit-contact';
import { FailingForSomePeople } from '../../utils/failing-people';
import { startApi, startWorker, TestApi } from '../../utils/test-app';
import { gradingFailsForGood } from '../../utils/triage-jobs';
import { errorSummary, heading, pageText, WebClient } from '../../utils/web-client';

/**
 * Grading by hand in the pages (SPEC RAG-2, RAG-3, WEB-4): when every automatic attempt to grade a
 * contact failed, the worker sees why on the contact's task list and grades all its children on
 * one page; until then there is no grade to confirm. Through HTTP, with the real worker.
 */
describe('Web: grading a contact by hand', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let people: FailingForSomePeople;
  let triageQueue: Queue;
  let ds: DataSource;
  let web: WebClient;
  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker((m) => m.overrideProvider(PeopleForTriage).useClass(FailingForSomePeople));
    people = worker.get(PeopleForTriage) as FailingForSomePeople;
    triageQueue = worker.get(QueueRegistry).get(QUEUES.triage);
    ds = api.app.get(DataSource);
    web = new WebClient(api);
    await web.signIn('mash_worker');
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  /** A contact about `children` whose automatic grading has failed for good. */
  async function ungradable(children: number, seed: { urgency?: 'immediate_risk' } = {}) {
    const created = await submitContact(ds, {
      ...seed,
      subjects: Array.from({ length: children }, (_, i) => ({ firstName: randomName(`Kid${i}`), lastName: randomName('Hand'), dateOfBirth: `201${i}-03-0${i + 1}` })),
      concerns: [{ category: 'neglect_indicator', description: 'Often hungry at school.' }],
    });
    people.failing.add(created.contact.id);
    await gradingFailsForGood(triageQueue, created.contact.id);
    return created;
  }

  const triage = async (contactId: string) => (await api.http.get(`/api/v1/contacts/${contactId}/triage`).set('Authorization', await auth('mash_worker'))).body;

  it('RAG-2: the task list says automatic grading failed and why, offers "grade by hand" and no grade to confirm; the confirm page sends the worker back', async () => {
    const { contact, subjects } = await ungradable(2);
    const page = await web.get(`/mash/contacts/${contact.id}`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain('Grade the children by hand');
    expect(text).toMatch(/Automatic grading failed 8 times \(last error: the person index did not answer\)/);
    expect(page.text).toContain(`href="/mash/contacts/${contact.id}/grade-by-hand"`);
    expect(text).not.toContain('Confirm the grade for');

    const confirm = await web.get(`/mash/contacts/${contact.id}/children/${subjects[0].id}/grade`);
    expect(confirm.status).toBe(303);
    expect(confirm.headers.location).toBe(`/mash/contacts/${contact.id}`);
  }, 120_000);

  it('RAG-3: every child needs a criterion and a reason; a form with gaps is a 400 page naming each child and field, and nothing is graded', async () => {
    const { contact, subjects } = await ungradable(2);
    const form = await web.get(`/mash/contacts/${contact.id}/grade-by-hand`);
    expect(form.status).toBe(200);
    expect(heading(form.text)).toBe('Grade the children by hand');
    const first = `${subjects[0].firstName} ${subjects[0].lastName}`;
    const second = `${subjects[1].firstName} ${subjects[1].lastName}`;
    expect(pageText(form.text)).toContain(`Which criterion does ${second} meet?`);

    const res = await web.post(`/mash/contacts/${contact.id}/grade-by-hand`, { 'criterion-0': 'AMBER.harm-not-ruled-out', 'rationale-0': 'short', 'rationale-1': 'Hungry most days, per the school.' });
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)).toEqual([
      { text: `Say why you chose this grade for ${first}, in at least 10 characters`, href: '#rationale-0' },
      { text: `Select the criterion ${second} meets`, href: '#criterion-1' },
    ]);
    // What was typed stays, and each link lands on its field.
    expect(res.text).toMatch(/value="AMBER\.harm-not-ruled-out" checked/);
    expect(res.text).toContain('id="criterion-1"');
    expect(res.text).toContain('Hungry most days, per the school.');
    expect(await triage(contact.id)).toMatchObject({ graded: false, grading: 'grade_by_hand' });
  }, 120_000);

  it('RAG-2, RAG-3, RAG-4: grading every child by hand confirms their grades at once, with the deadline from receipt, and the task list moves on', async () => {
    const { contact, subjects } = await ungradable(2);
    const res = await web.post(`/mash/contacts/${contact.id}/grade-by-hand`, {
      'criterion-0': 'AMBER.harm-not-ruled-out', 'rationale-0': 'Hungry most days, per the school.',
      'criterion-1': 'GREEN.universal-services', 'rationale-1': 'Older sibling, doing well at school.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/mash/contacts/${contact.id}`);

    const view = await triage(contact.id);
    expect(view).toMatchObject({ graded: true, grading: 'graded', grade: 'AMBER' });
    const bySubject = new Map(view.subjects.map((s: { subjectId: string }) => [s.subjectId, s]));
    expect(bySubject.get(subjects[0].id)).toMatchObject({ grade: 'AMBER', confirmedGrade: 'AMBER' });
    expect(bySubject.get(subjects[1].id)).toMatchObject({ grade: 'GREEN', confirmedGrade: 'GREEN' });
    expect(view.clocks[0].startedAt).toBe(contact.receivedAt.toISOString());

    const page = await web.get(`/mash/contacts/${contact.id}`);
    const text = pageText(page.text);
    expect(text).toContain('Graded Amber by hand');
    expect(text).not.toContain('Grade the children by hand');
    expect(text).toContain(`Confirm the grade for ${subjects[0].firstName} ${subjects[0].lastName}`);
    // Graded now: the page has nothing more to do and sends the worker back to the contact.
    expect((await web.get(`/mash/contacts/${contact.id}/grade-by-hand`)).status).toBe(303);
  }, 120_000);

  it('RAG-3: when the referrer said "immediate risk", only Red can be given by hand', async () => {
    const { contact } = await ungradable(1, { urgency: 'immediate_risk' });
    const form = await web.get(`/mash/contacts/${contact.id}/grade-by-hand`);
    expect(form.status).toBe(200);
    const values = [...form.text.matchAll(/name="criterion-0"[^>]*value="([^"]+)"/g)].map((m) => m[1]);
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v.startsWith('RED.'))).toBe(true);
    expect(pageText(form.text)).toContain('only Red can be given here');
  }, 120_000);
});
