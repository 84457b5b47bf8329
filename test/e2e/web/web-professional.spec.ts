import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startApi, startWorker, TestApi, waitFor } from '../../utils/test-app';
import { errorSummary, heading, WebClient } from '../../utils/web-client';

const SCRIPT = '<script>alert(1)</script>';

/** Professionals' pages (SPEC WEB-4, INT-2, FB-4, STR-1, ESC-1, SEC-2) over HTTP on the real app and worker. */
describe('Web: professional referrals, feedback, information, strategy discussion, challenge', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  const auth = async (who: string) => ({ Authorization: `Bearer ${await api.tokenFor(who)}` });

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  async function refer(web: WebClient, childName = 'Ben'): Promise<string> {
    expect((await web.get('/referrals/new')).headers.location).toBe('/referrals/new/what-happened');
    await web.get('/referrals/new/what-happened');
    expect((await web.post('/referrals/new/what-happened', { description: 'Bruise on cheek, says dad hit him', category: 'injury', 'incidentDate-day': '1', 'incidentDate-month': '12', 'incidentDate-year': '2026' })).status).toBe(303);
    expect((await web.post('/referrals/new/child', { firstName: childName, lastName: 'Jones', 'dateOfBirth-day': '3', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2018', school: 'Riverside Primary' })).status).toBe(303);
    expect((await web.post('/referrals/new/children', { addAnother: 'no' })).headers.location).toBe('/referrals/new/adults');
    expect((await web.post('/referrals/new/adults', { addAnother: 'no' })).headers.location).toBe('/referrals/new/your-view');
    expect((await web.post('/referrals/new/your-view', { isChildProtection: 'yes', harm: 'Physical harm', whatShouldHappen: 'Assessment', urgency: 'urgent' })).headers.location).toBe('/referrals/new/consent');
    expect((await web.post('/referrals/new/consent', { status: 'not_sought_risk', reason: 'Father may harm the child if told' })).headers.location).toBe('/referrals/new/evidence');
    expect((await web.post('/referrals/new/evidence', { type: 'photo', heldBy: 'School DSL', description: 'Photo of the bruise' })).headers.location).toBe('/referrals/new/check-answers');
    const check = await web.get('/referrals/new/check-answers');
    expect(heading(check.text)).toBe('Check your answers before sending');
    expect(check.text).toContain('Not sought: asking would put the child at more risk');
    const sent = await web.post('/referrals/new/check-answers', {});
    expect(sent.status).toBe(303);
    return sent.headers.location.replace('/referrals/', '');
  }

  it('a referrer makes a referral with the INT-2 fields; it is stored as the API stores it, and listed in My referrals with its status and acknowledgement', async () => {
    const web = new WebClient(api);
    await web.signIn('referrer');
    const id = await refer(web);
    const detail = await web.get(`/referrals/${id}`);
    expect(detail.status).toBe(200);
    expect(heading(detail.text)).toMatch(/^Referral MASH-\d{4}-\d{6}$/);
    expect(detail.text).toContain('Referral sent');
    const [row] = await api.app.get(DataSource).query(
      'SELECT channel, urgency, consent_status, consent_reason, referrer_says_child_protection AS cp, (SELECT count(*)::int FROM contact_evidence e WHERE e.contact_id = c.id) AS evidence FROM contact c WHERE id = $1', [id],
    );
    expect(row).toEqual({ channel: 'professional', urgency: 'urgent', consent_status: 'not_sought_risk', consent_reason: 'Father may harm the child if told', cp: true, evidence: 1 });
    // The acknowledgement the worker writes appears as feedback.
    await waitFor(async () => (await api.app.get(DataSource).query(`SELECT 1 FROM feedback WHERE contact_id = $1 AND kind = 'acknowledgement'`, [id])).length > 0, 20_000, 'the acknowledgement');
    const list = await web.get('/referrals');
    expect(heading(list.text)).toBe('My referrals');
    expect(list.text).toContain(`/referrals/${id}`);
    expect(list.text).toMatch(/Acknowledgement, (waiting to be sent|being sent|sent|not delivered yet)/);
  });

  it('adding information and requesting a strategy discussion go through the use cases; empty answers show the API rule as an error', async () => {
    const web = new WebClient(api);
    await web.signIn('police');
    const id = await refer(web, 'Cara');
    await web.get(`/referrals/${id}/add-information`);
    const empty = await web.post(`/referrals/${id}/add-information`, { note: '' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.text)).toEqual([{ text: 'Enter what you want to add', href: '#note' }]);
    const added = await web.post(`/referrals/${id}/add-information`, { note: `Father arrested ${SCRIPT}` });
    expect(added.headers.location).toBe(`/referrals/${id}`);
    const detail = await web.get(`/referrals/${id}`);
    expect(detail.text).toContain('Information added');
    expect(detail.text).toContain('Father arrested &lt;script&gt;');
    expect(detail.text).not.toContain(SCRIPT);

    await web.get(`/referrals/${id}/strategy-discussion`);
    const missing = await web.post(`/referrals/${id}/strategy-discussion`, { reason: '', urgency: '' });
    expect(missing.status).toBe(400);
    expect(errorSummary(missing.text).map((e) => e.href)).toEqual(expect.arrayContaining(['#reason', '#urgency']));
    const requested = await web.post(`/referrals/${id}/strategy-discussion`, { reason: 'Threats to kill; father on bail', urgency: 'urgent' });
    expect(requested.headers.location).toBe(`/referrals/${id}`);
    const [discussion] = await api.app.get(DataSource).query('SELECT status, urgency FROM strategy_discussion WHERE contact_id = $1', [id]);
    expect(discussion).toEqual({ status: 'requested', urgency: 'urgent' });
  });

  it('another professional gets the 404 page for a referral that is not theirs, on every page of it', async () => {
    const owner = new WebClient(api);
    await owner.signIn('referrer');
    const id = await refer(owner, 'Dev');
    const other = new WebClient(api);
    await other.signIn('partner');
    for (const path of [`/referrals/${id}`, `/referrals/${id}/add-information`, `/referrals/${id}/strategy-discussion`, `/referrals/${id}/challenge`]) {
      const res = await other.get(path);
      expect({ path, status: res.status, heading: heading(res.text) }).toEqual({ path, status: 404, heading: 'Page not found' });
    }
    await other.get('/referrals');
    const post = await other.post(`/referrals/${id}/add-information`, { note: 'not mine' });
    expect(post.status).toBe(404);
    expect((await api.app.get(DataSource).query('SELECT count(*)::int AS n FROM contact_information WHERE contact_id = $1', [id]))[0].n).toBe(0);
  });

  it('once decided through the API, the outcome feedback shows and the referrer challenges the decision, seeing its stage and response clock', async () => {
    const web = new WebClient(api);
    await web.signIn('referrer');
    const id = await refer(web, 'Eve');
    const triage = await waitFor(async () => {
      const r = await api.http.get(`/api/v1/contacts/${id}/triage`).set(await auth('mash_worker'));
      return r.status === 200 && r.body.subjects?.every((s: { provisionalGrade?: string }) => s.provisionalGrade) ? r.body : null;
    }, 20_000, 'the provisional grade');
    const subjectId: string = triage.subjects[0].subjectId;
    const graded = await api.http.post(`/api/v1/contacts/${id}/subjects/${subjectId}/grade`).set(await auth('mash_worker')).send({ grade: 'GREEN', criterion: 'GREEN.universal-services', rationale: 'Read the history.' });
    expect([200, 202]).toContain(graded.status);
    const decided = await api.http.post(`/api/v1/contacts/${id}/subjects/${subjectId}/decision`).set(await auth('mash_worker')).send({ outcome: 'cin_assessment', thresholdLevel: 3, historyReviewed: true, rationale: 'Needs an assessment.', referrerDisagreementAddressed: 'An assessment will decide whether a s47 enquiry is needed.' });
    expect({ status: decided.status, details: decided.body.details }).toEqual({ status: 201, details: undefined });

    const detail = await waitFor(async () => {
      const r = await web.get(`/referrals/${id}`);
      return r.text.includes('Outcome:') ? r : null;
    }, 20_000, 'the outcome feedback');
    expect(detail.text).toContain('Decided');
    expect(detail.text).toContain(`/referrals/${id}/challenge`);

    const form = await web.get(`/referrals/${id}/challenge`);
    expect(heading(form.text)).toBe('Challenge a decision');
    const noChoice = await web.post(`/referrals/${id}/challenge`, { reason: 'We disagree' });
    expect(noChoice.status).toBe(400);
    expect(errorSummary(noChoice.text)[0].href).toBe('#decisionId');
    const raised = await web.post(`/referrals/${id}/challenge`, { decisionId: decided.body.id, reason: 'The bruising needs a child protection enquiry' });
    expect(raised.headers.location).toBe(`/referrals/${id}`);
    const after = await web.get(`/referrals/${id}`);
    expect(after.text).toContain('MASH team manager');
    expect(after.text).toMatch(/Answer due by \d{1,2} \w+ \d{4} at \d{1,2}(:\d{2})?(am|pm) \(due in /);
    const twice = await web.post(`/referrals/${id}/challenge`, { decisionId: decided.body.id, reason: 'Again' });
    expect(twice.status).toBe(400);
    expect(errorSummary(twice.text)[0].text).toContain('already have an open challenge');
  });
});
