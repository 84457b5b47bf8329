import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { randomName } from '../../factories/contact-factory';
import { uniqueName, uniquePostcode } from '../../factories/person-factory';
import { submitContact } from '../../factories/submit-contact';
import { withDb } from '../../utils/db';
import { startApi, startWorker, TestApi, waitFor } from '../../utils/test-app';
import { TEST_ADMIN } from '../../utils/test-secrets';
import { errorSummary, heading, pageText, WebClient } from '../../utils/web-client';

/** The MASH worker's pages (SPEC WEB-4, RAG-3, RAG-4, PPL-1..5, INT-1) through HTTP, with the real worker grading. */
describe('Web: the MASH worker’s pages', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let web: WebClient;
  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
    web = new WebClient(api);
    await web.signIn('mash_worker');
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  async function graded(contactId: string) {
    return waitFor(async () => {
      const res = await api.http.get(`/api/v1/contacts/${contactId}/triage`).set('Authorization', await auth('mash_worker'));
      return res.status === 200 && res.body.graded && res.body.subjects.every((s: { personId: string | null }) => s.personId) ? res.body : undefined;
    }, 20_000, 'the worker to grade the contact');
  }

  /** The queue page's row for a contact, following "Next" pages as a worker would. */
  async function queueRow(contactId: string, query = '') {
    let path: string | null = `/mash${query}`;
    while (path) {
      const res = await web.get(path);
      expect(res.status).toBe(200);
      const row = new RegExp(`<tr[^>]*data-contact-id="${contactId}"[\\s\\S]*?</tr>`).exec(res.text);
      if (row) return pageText(row[0]);
      path = /<a[^>]*class="govuk-link govuk-pagination__link"[^>]*href="([^"]+)"[^>]*rel="next"/.exec(res.text)?.[1]?.replace(/&amp;/g, '&') ?? null;
    }
    return null;
  }

  const baby = () => DateTime.now().setZone('Europe/London').minus({ days: 100 }).toISODate()!;

  it('RAG-4: the queue shows the contact with its grade in words, the deadline in words and who holds it; the filter narrows it; "assign to me" takes it', async () => {
    const { contact } = await submitContact(ds, { subjects: [{ dateOfBirth: baby() }], concerns: [{ category: 'injury', description: 'Bruise on a baby' }] });
    await graded(contact.id);
    const row = await queueRow(contact.id, '?grade=RED');
    expect(row).toContain(contact.reference);
    expect(row).toContain('Red');
    expect(row).toMatch(/due in (3|4) hours/);
    expect(row).toContain('Nobody');
    expect(await queueRow(contact.id, '?grade=GREEN')).toBeNull();
    expect(await queueRow(contact.id, '?age=under-1&grade=RED')).not.toBeNull();
    expect(await queueRow(contact.id, '?age=11-15&grade=RED')).toBeNull();

    const assigned = await web.post(`/mash/contacts/${contact.id}/assign`, {});
    expect(assigned.status).toBe(303);
    expect(await queueRow(contact.id, '?view=mine')).toContain('You');
    expect(await queueRow(contact.id, '?view=unassigned')).toBeNull();
  });

  it('RAG-4: a filter value that is not on the list is a 400 page naming the field, not a 500', async () => {
    const res = await web.get('/mash?grade=PURPLE&age=old');
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)).toEqual([
      { text: 'Select a grade from the list', href: '#grade' },
      { text: 'Select an age from the list', href: '#age' },
    ]);
  });

  it('RAG-3: the contact page has the identity bar and the task list; lowering a grade shows the interruption card, then goes for approval and the task says so', async () => {
    const first = randomName('Amy');
    const { contact } = await submitContact(ds, { subjects: [{ firstName: first, lastName: 'Quinn', dateOfBirth: '2016-02-02' }], concerns: [{ category: 'sexual_abuse', description: 'Disclosure at school' }] });
    const triage = await graded(contact.id);
    const personId = triage.subjects[0].personId as string;
    const page = await web.get(`/mash/contacts/${contact.id}`);
    expect(page.status).toBe(200);
    const bar = pageText(/data-qa="identity-bar"[\s\S]*?<\/dl>/.exec(page.text)![0]);
    expect(bar).toContain(contact.reference);
    expect(bar).toContain('Grade Red');
    expect(bar).toMatch(/Decision due due in (3|4) hours/);
    const tasks = pageText(/data-qa="task-list"[\s\S]*?<\/ul>/.exec(page.text)![0]);
    expect(tasks).toContain(`Confirm the grade for ${first} Quinn`);
    expect(tasks.indexOf('Confirm the grade')).toBeLessThan(tasks.indexOf('possible matches'));
    expect(tasks.indexOf('possible matches')).toBeLessThan(tasks.indexOf('Read the history'));
    expect(tasks.indexOf('Read the history')).toBeLessThan(tasks.indexOf('Agency checks'));
    expect(tasks.indexOf('Agency checks')).toBeLessThan(tasks.indexOf('Record the decision'));
    expect(tasks.indexOf('Record the decision')).toBeLessThan(tasks.indexOf('Strategy discussion'));
    expect(tasks.indexOf('Strategy discussion')).toBeLessThan(tasks.indexOf('Feedback to the referrer'));

    const gradePath = `/mash/contacts/${contact.id}/children/${personId}/grade`;
    const form = await web.get(gradePath);
    expect(pageText(form.text)).toContain('Sexual abuse or sexual/criminal exploitation alleged about the child: at least Red');
    const missing = await web.post(gradePath, { criterion: 'AMBER.harm-not-ruled-out', rationale: 'short' });
    expect(missing.status).toBe(400);
    expect(errorSummary(missing.text)).toEqual([{ text: 'Say why, in at least 10 characters', href: '#rationale' }]);

    const rationale = 'Third-hand account; checks are needed before harm can be ruled out.';
    const card = await web.post(gradePath, { criterion: 'AMBER.harm-not-ruled-out', rationale });
    expect(card.status).toBe(200);
    expect(heading(card.text)).toBe('This change needs a manager’s approval');
    expect(pageText(card.text)).toContain('You are lowering the grade from Red to Amber.');
    // Nothing is sent before the worker confirms on the card.
    const before = await api.http.get(`/api/v1/contacts/${contact.id}/triage`).set('Authorization', await auth('mash_worker'));
    expect(before.body.subjects[0].pendingApproval).toBeNull();

    const sent = await web.post(gradePath, { criterion: 'AMBER.harm-not-ruled-out', rationale, confirmed: 'yes' });
    expect(sent.status).toBe(303);
    const after = await web.get(`/mash/contacts/${contact.id}`);
    expect(pageText(after.text)).toContain('Sent to a manager: Amber for');
    expect(pageText(/data-qa="task-list"[\s\S]*?<\/ul>/.exec(after.text)![0])).toMatch(/Confirm the grade for [^.]*Now Red \(provisional\) Awaiting approval/);
  });

  it('RAG-3: raising a grade takes effect at once', async () => {
    const { contact } = await submitContact(ds, { subjects: [{ dateOfBirth: '2012-01-01' }], concerns: [{ category: 'home_conditions' }] });
    const triage = await graded(contact.id);
    expect(triage.grade).toBe('GREEN');
    const res = await web.post(`/mash/contacts/${contact.id}/children/${triage.subjects[0].personId}/grade`, { criterion: 'AMBER.child-in-need', rationale: 'Home conditions reported by two visits now.' });
    expect(res.status).toBe(303);
    const queue = await api.http.get(`/api/v1/contacts/${contact.id}/triage`).set('Authorization', await auth('mash_worker'));
    expect(queue.body.grade).toBe('AMBER');
  });

  it('PPL-4, PPL-5: a child’s record shows the accumulation flag as an alert with its contacts; each tab is a page and each view is an access event; the chronology exports as CSV', async () => {
    const first = randomName('Ben');
    const child = { firstName: first, lastName: 'Hale', dateOfBirth: '2017-06-06', postcode: 'BN1 1AA' };
    const refs: string[] = [];
    let last = '';
    for (let i = 0; i < 3; i++) {
      const { contact } = await submitContact(ds, { receivedAt: DateTime.now().minus({ days: 30 * (2 - i) }).toJSDate(), subjects: [child], household: [{ firstName: 'Cara', lastName: 'Hale', relationship: 'mother', parentalResponsibility: 'yes' }], concerns: [{ category: 'neglect_indicator' }] });
      await graded(contact.id);
      refs.push(contact.reference);
      last = contact.id;
    }
    const personId = (await graded(last)).subjects[0].personId as string;
    const overview = await web.get(`/mash/children/${personId}`);
    expect(overview.status).toBe(200);
    expect(heading(overview.text)).toContain(`${first} Hale`);
    const alert = pageText(/data-qa="flags-alert"[\s\S]*?<\/ul>/.exec(overview.text)![0]);
    expect(alert).toContain('3 contacts in 12 months');
    for (const r of refs) expect(alert).toContain(r);

    const household = await web.get(`/mash/children/${personId}/household`);
    expect(pageText(/data-qa="household"[\s\S]*?<\/table>/.exec(household.text)![0])).toMatch(/Cara Hale Mother Yes/);
    const history = await web.get(`/mash/children/${personId}/history`);
    for (const r of refs) expect(history.text).toContain(r);
    const chronology = await web.get(`/mash/children/${personId}/chronology?view=full&scope=household`);
    expect(chronology.status).toBe(200);
    expect(chronology.text).toContain('moj-timeline__item');
    for (const tab of ['decisions', 'strategy', 'status']) expect((await web.get(`/mash/children/${personId}/${tab}`)).status).toBe(200);
    const csv = await web.get(`/mash/children/${personId}/chronology.csv?view=full`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain(refs[0]);

    const reads = await withDb((db) => db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.read' AND entity_id = $1 AND actor_role = 'mash_worker'`, [personId]));
    expect(reads.rows[0].n).toBeGreaterThanOrEqual(7);
  });

  it('INT-1, PPL-1: a phone contact is recorded from the page and opens; find a child finds it by name without accents, by POST', async () => {
    const bad = await web.post('/mash/contacts/new', { channel: 'phone', firstName: '', lastName: '', description: '' });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.text).map((e) => e.href)).toEqual(expect.arrayContaining(['#description']));
    const last = randomName('Zoë');
    const res = await web.post('/mash/contacts/new', { channel: 'hospital_enquiry', callerName: 'Ward sister', firstName: 'Chloé', lastName: last, 'dateOfBirth-day': '3', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2020', category: 'injury', description: 'A&E asks whether this child is known.' });
    expect(res.status).toBe(303);
    const page = await web.get(res.headers.location);
    expect(page.status).toBe(200);
    expect(pageText(page.text)).toContain('Hospital enquiry');
    const contactId = res.headers.location.split('/').pop()!;
    await graded(contactId);
    const found = await web.post('/mash/find-a-child', { name: `Chloe ${last.replace('ë', 'e')}` });
    expect(found.status).toBe(200);
    expect(pageText(/data-qa="search-results"[\s\S]*?<\/table>/.exec(found.text)![0])).toContain(`Chloé ${last}`);
    const empty = await web.post('/mash/find-a-child', {});
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.text)).toEqual([{ text: 'Enter a name, a date of birth, an NHS number or a postcode', href: '#name' }]);
  });

  it('PPL-1: possible matches show the contact beside the known person with the reasons in words; confirming links the child; creating a new record is offered', async () => {
    const child = { firstName: uniqueName(), lastName: uniqueName(), postcode: uniquePostcode() };
    const known = await submitContact(ds, { subjects: [{ ...child, dateOfBirth: '2014-06-07' }], concerns: [{ category: 'neglect_indicator' }] });
    const knownPerson = (await graded(known.contact.id)).subjects[0].personId;
    const maybe = await submitContact(ds, { subjects: [{ ...child, dateOfBirth: '2014-07-06' }], concerns: [{ category: 'neglect_indicator' }] });
    await waitFor(async () => (await api.http.get(`/api/v1/contacts/${maybe.contact.id}/match-candidates`).set('Authorization', await auth('mash_worker'))).body.items?.length, 20_000, 'a candidate');
    const page = await web.get(`/mash/contacts/${maybe.contact.id}/matches`);
    expect(page.status).toBe(200);
    const card = pageText(/data-qa="candidate"[\s\S]*?<\/form>/.exec(page.text)![0]);
    expect(card).toContain('Date of birth 6 July 2014 7 June 2014');
    expect(card).toContain('Date of birth with day and month swapped');
    expect(card).toContain('Same last name');
    expect(page.text).toContain('Create a new record');
    const contactPage = pageText((await web.get(`/mash/contacts/${maybe.contact.id}`)).text);
    expect(contactPage).toMatch(/Check possible matches with people we know 1 possible match to check To do/);

    const candidateId = /action="\/mash\/contacts\/[^/]+\/matches\/([0-9a-f-]+)\/confirm"/.exec(page.text)![1];
    const confirmed = await web.post(`/mash/contacts/${maybe.contact.id}/matches/${candidateId}/confirm`, {});
    expect(confirmed.status).toBe(303);
    const linked = await ds.query('SELECT person_id FROM contact_subject WHERE id = $1', [maybe.subjects[0].id]);
    expect(linked[0].person_id).toBe(knownPerson);
    expect(pageText((await web.get(`/mash/contacts/${maybe.contact.id}/matches`)).text)).toContain('There are no possible matches to check');
  });

  it('SEC-2, SEC-4: a referrer gets 404 on a MASH page; an administrator sees no case page; an auditor cannot post', async () => {
    const { contact } = await submitContact(ds, { concerns: [{ category: 'neglect_indicator' }] });
    const triage = await graded(contact.id);
    for (const role of ['referrer', 'auditor']) {
      const other = new WebClient(api);
      await other.signIn(role);
      for (const path of ['/mash', `/mash/contacts/${contact.id}`, `/mash/children/${triage.subjects[0].personId}`, '/mash/find-a-child']) {
        const res = await other.get(path);
        expect([path, role, res.status, heading(res.text)]).toEqual([path, role, 404, 'Page not found']);
      }
      await other.get('/sign-in');
      const post = await other.post(`/mash/contacts/${contact.id}/assign`, {});
      expect([role, post.status]).toEqual([role, 404]);
    }
    const admin = new WebClient(api);
    await admin.get('/sign-in');
    await admin.post('/sign-in', TEST_ADMIN);
    expect((await admin.get(`/mash/contacts/${contact.id}`)).status).toBe(404);
    expect((await admin.get(`/mash/children/${triage.subjects[0].personId}/chronology`)).status).toBe(404);
    const view = await api.http.get(`/api/v1/contacts/${contact.id}/triage`).set('Authorization', await auth('mash_worker'));
    expect(view.body.assignedTo).toBeNull();
  });
});
