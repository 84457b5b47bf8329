import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createContact } from '../../factories/contact-factory';
import { createAccount, adminToken } from '../../utils/accounts';
import { startApi, TestApi } from '../../utils/test-app';
import { errorSummary, heading, WebClient } from '../../utils/web-client';

/** Police and partner agencies' pages (SPEC WEB-4, INT-5, STR-1, STR-4, CHK-1, STEP-2, SEC-2) over HTTP on the real app. */
describe('Web: police and partner agencies', () => {
  let api: TestApi;
  let ds: DataSource;
  const auth = async (who: string) => ({ Authorization: `Bearer ${await api.tokenFor(who)}` });
  const idOf = async (email: string) => (await ds.query('SELECT id, agency_id FROM app_user WHERE email = $1', [email]))[0] as { id: string; agency_id: string };

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
  });
  afterAll(() => api.close());

  async function signInAs(email: string, password: string): Promise<WebClient> {
    const web = new WebClient(api);
    await web.get('/sign-in');
    const res = await web.post('/sign-in', { email, password });
    expect(res.status).toBe(303);
    return web;
  }

  it('INT-5: police send a domestic-abuse notification naming each child and whether each was seen; a child without "seen" is refused with the GOV.UK error summary and nothing is saved', async () => {
    const web = new WebClient(api);
    await web.signIn('police');
    const form = await web.get('/police/notifications/new');
    expect(form.status).toBe(200);
    expect(heading(form.text)).toBe('Domestic abuse notification');
    const surname = `Da${randomBytes(3).toString('hex')}`;
    const base = { description: 'Officers attended a DA incident; mother assaulted by partner; threats to take the children.', 'incident-day': '3', 'incident-month': '12', 'incident-year': '2026', child0FirstName: 'Amy', child0LastName: surname, child0Seen: 'yes', perpFirstName: 'Lee', perpRelationship: 'mothers_partner', perpResident: 'yes' };

    // Add another child works without JavaScript: the page comes back with a second child's row.
    const added = await web.post('/police/notifications/new', { ...base, childCount: '1', action: 'add-child' });
    expect(added.status).toBe(200);
    expect(added.text).toContain('name="child1FirstName"');
    expect(added.text).toContain('value="Amy"');

    const missingSeen = await web.post('/police/notifications/new', { ...base, childCount: '2', child1FirstName: 'Ben', child1LastName: surname, action: 'send' });
    expect(missingSeen.status).toBe(400);
    expect(errorSummary(missingSeen.text)).toEqual([{ text: 'Say whether this child was seen', href: '#child1Seen' }]);
    expect(await ds.query('SELECT 1 FROM contact_subject WHERE last_name = $1', [surname])).toEqual([]);

    const sent = await web.post('/police/notifications/new', { ...base, childCount: '2', child1FirstName: 'Ben', child1LastName: surname, child1Seen: 'no', action: 'send' });
    expect(sent.status).toBe(303);
    const contactId = sent.headers.location.replace('/referrals/', '');
    const [contact] = await ds.query('SELECT channel, referrer_type FROM contact WHERE id = $1', [contactId]);
    expect(contact).toEqual({ channel: 'police_notification', referrer_type: 'police' });
    const children = await ds.query('SELECT first_name, seen_by_referrer FROM contact_subject WHERE contact_id = $1 ORDER BY position', [contactId]);
    expect(children).toEqual([{ first_name: 'Amy', seen_by_referrer: true }, { first_name: 'Ben', seen_by_referrer: false }]);
    const [concern] = await ds.query('SELECT category FROM contact_concern WHERE contact_id = $1', [contactId]);
    expect(concern.category).toBe('da_incident');
    const detail = await web.get(sent.headers.location);
    expect(detail.text).toContain('Notification sent');
  });

  it('STR-1, DUD 5.20: police request a strategy discussion, a manager declines it; police see the reason, the agencies consulted, the alternative plan and the route to challenge, and can challenge it', async () => {
    const web = new WebClient(api);
    await web.signIn('police');
    const police = await idOf('police@mash.localhost');
    const { contact, subjects } = await createContact(ds, { submittedByUserId: police.id, submittedByAgencyId: police.agency_id, channel: 'police_notification', referrerType: 'police' });
    await web.get(`/referrals/${contact.id}/strategy-discussion`);
    const requested = await web.post(`/referrals/${contact.id}/strategy-discussion`, { subjectId: subjects[0].id, reason: 'Father made threats to kill the child; released on bail today.', urgency: 'immediate_risk' });
    expect(requested.status).toBe(303);
    const [d] = await ds.query('SELECT id FROM strategy_discussion WHERE contact_id = $1', [contact.id]);

    const list = await web.get('/police/strategy-discussions');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/police/strategy-discussions/${d.id}`);
    expect(list.text).toContain('Requested');

    const declined = await api.http.post(`/api/v1/strategy-discussions/${d.id}/decline`).set(await auth('mash_manager'))
      .send({ reason: 'Threshold for s47 not met: threats were retracted and father is under bail conditions.', agenciesConsulted: [police.agency_id], alternativePlan: 'Child and family assessment within 10 working days.' });
    expect(declined.status).toBe(200);

    const page = await web.get(`/police/strategy-discussions/${d.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Declined');
    expect(page.text).toContain('Threshold for s47 not met: threats were retracted and father is under bail conditions.');
    expect(page.text).toContain('Child and family assessment within 10 working days.');
    expect(page.text).toContain('Northshire Police Public Protection Unit');
    expect(page.text).toMatch(/data-qa="challenge-route">You can challenge this decision under the <a class="govuk-link" href="[^"]+">/);

    const empty = await web.post(`/police/strategy-discussions/${d.id}/challenge`, { challengeReason: '' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.text)[0].href).toBe('#challengeReason');
    const challenged = await web.post(`/police/strategy-discussions/${d.id}/challenge`, { challengeReason: 'Threats were repeated after the retraction.' });
    expect(challenged.status).toBe(303);
    const [challenge] = await ds.query(`SELECT target_type FROM challenge WHERE target_id = $1`, [d.id]);
    expect(challenge.target_type).toBe('strategy_decline');

    // A partner agency that neither requested it nor was invited cannot open it.
    const gp = new WebClient(api);
    await gp.signIn('gp@mash.localhost');
    expect((await gp.get(`/agency/strategy-discussions/${d.id}`)).status).toBe(404);
  });

  it('STR-3, STR-4: an invited agency sees the invitation and reports minutes not received; the report is logged for the dashboard', async () => {
    const police = await idOf('police@mash.localhost');
    const hv = await idOf('partner@mash.localhost');
    const worker = await idOf('worker@mash.localhost');
    const [la] = await ds.query(`SELECT id FROM agency WHERE type = 'la_childrens_social_care' ORDER BY name LIMIT 1`);
    const { contact } = await createContact(ds, { submittedByUserId: police.id, submittedByAgencyId: police.agency_id });
    const req = await api.http.post('/api/v1/strategy-discussions').set(await auth('mash_worker')).send({ contactId: contact.id, reason: 'Injury to a baby', urgency: 'urgent' });
    expect(req.status).toBe(201);
    const convened = await api.http.post(`/api/v1/strategy-discussions/${req.body.id}/convene`).set(await auth('mash_worker'))
      .send({ scheduledAt: new Date(Date.now() + 3600_000).toISOString(), mode: 'video', chair: worker.id, invitees: [{ agencyId: police.agency_id }, { agencyId: la.id }, { agencyId: hv.agency_id }] });
    expect([200, 201]).toContain(convened.status);

    const web = new WebClient(api);
    await web.signIn('partner@mash.localhost');
    const list = await web.get('/agency/strategy-discussions');
    expect(list.text).toMatch(/data-qa="strategy-invitations"[\s\S]*Arranged/);
    const page = await web.get(`/agency/strategy-discussions/${req.body.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('The minutes have not been sent yet.');
    expect(page.text).not.toContain('data-qa="strategy-decline"');
    const reported = await web.post(`/agency/strategy-discussions/${req.body.id}/minutes-not-received`, { note: 'Expected them by e-mail yesterday' });
    expect(reported.status).toBe(303);
    const rows = await ds.query('SELECT note FROM strategy_minutes_complaint WHERE discussion_id = $1', [req.body.id]);
    expect(rows).toEqual([{ note: 'Expected them by e-mail yesterday' }]);
  });

  it('CHK-1, SEC-2: a GP answers a check asked of the practice; a second GP practice neither lists nor opens it (404); a returned check needs a summary', async () => {
    const gp = await idOf('gp@mash.localhost');
    const surname = `Gp${randomBytes(3).toString('hex')}`;
    const { contact } = await createContact(ds, { subjects: [{ firstName: 'Cara', lastName: surname, dateOfBirth: '2021-06-01' }] });
    const asked = await api.http.post(`/api/v1/contacts/${contact.id}/checks`).set(await auth('mash_worker'))
      .send({ agencyId: gp.agency_id, reason: 'Bruising reported by nursery', questions: ['Is Cara registered with you?', 'Any injuries seen in the last year?'], lawfulBasis: 'Children Act 1989 s47' });
    expect(asked.status).toBe(201);

    const web = new WebClient(api);
    await web.signIn('gp@mash.localhost');
    const inbox = await web.get('/agency/checks');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain(`/agency/checks/${asked.body.id}`);
    expect(inbox.text).toContain(`Cara ${surname}`);
    const page = await web.get(`/agency/checks/${asked.body.id}`);
    expect(heading(page.text)).toBe('GP check');
    expect(page.text).toContain('Any injuries seen in the last year?');

    const noSummary = await web.post(`/agency/checks/${asked.body.id}`, { status: 'returned', summary: '' });
    expect(noSummary.status).toBe(400);
    expect(errorSummary(noSummary.text)[0].href).toBe('#summary');
    const answered = await web.post(`/agency/checks/${asked.body.id}`, { status: 'returned', summary: 'Registered since birth; seen twice for bruising in 2026.' });
    expect(answered.status).toBe(303);
    const [row] = await ds.query('SELECT status, response_summary FROM agency_check WHERE id = $1', [asked.body.id]);
    expect(row).toEqual({ status: 'returned', response_summary: 'Registered since birth; seen twice for bruising in 2026.' });

    // A second GP practice.
    const admin = { Authorization: `Bearer ${await adminToken(api)}` };
    const agency = await api.http.post('/api/v1/admin/agencies').set(admin).send({ name: `Second GP ${surname}`, type: 'health_gp' });
    expect(agency.status).toBe(201);
    const email = `gp2-${surname.toLowerCase()}@mash.localhost`;
    await createAccount(api, { email, name: 'Dr Second', role: 'partner', agencyId: agency.body.id }, 'Second-gp-2026!pass');
    const other = await signInAs(email, 'Second-gp-2026!pass');
    const otherInbox = await other.get('/agency/checks');
    expect(otherInbox.status).toBe(200);
    expect(otherInbox.text).not.toContain(asked.body.id);
    expect(otherInbox.text).not.toContain(surname);
    expect((await other.get(`/agency/checks/${asked.body.id}`)).status).toBe(404);
    expect((await other.post(`/agency/checks/${asked.body.id}`, { status: 'unable', reason: 'x' })).status).toBe(404);

    // The database is shared with later test files, which ask "the GP practice" by type: leave one.
    await ds.query('DELETE FROM web_session WHERE sess::text LIKE $1', [`%${(await idOf(email)).id}%`]);
    await ds.query('DELETE FROM app_user WHERE agency_id = $1', [agency.body.id]);
    await ds.query('DELETE FROM agency WHERE id = $1', [agency.body.id]);
  });

  it('STEP-2: a health visitor sees the handover of a step-down offered to them and accepts as lead professional; the GP practice gets 404; declining needs a reason', async () => {
    const hv = await idOf('partner@mash.localhost');
    const surname = `Sd${randomBytes(3).toString('hex')}`;
    const propose = async () => {
      const { subjects } = await createContact(ds, { subjects: [{ firstName: 'Dan', lastName: surname, personId: (await ds.query('SELECT gen_random_uuid() AS id'))[0].id }] });
      const res = await api.http.post('/api/v1/step-downs').set(await auth('mash_worker')).send({
        subjectId: subjects[0].id, receivingAgencyId: hv.agency_id, leadProfessional: { userId: hv.id },
        riskHandover: 'Home conditions poor; mother low mood; no CP history.', plan: { actions: [{ action: 'Weekly home visits', owner: 'Health visitor', successCriteria: 'Home conditions improved by review' }] }, reviewDate: '2027-02-01',
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const first = await propose();
    const second = await propose();

    const web = new WebClient(api);
    await web.signIn('partner@mash.localhost');
    const list = await web.get('/agency/step-downs');
    expect(list.text).toMatch(new RegExp(`data-qa="step-downs-waiting"[\\s\\S]*Dan ${surname}`));
    const page = await web.get(`/agency/step-downs/${first}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Home conditions poor; mother low mood; no CP history.');
    expect(page.text).toContain('Weekly home visits');

    const gp = new WebClient(api);
    await gp.signIn('gp@mash.localhost');
    expect((await gp.get(`/agency/step-downs/${first}`)).status).toBe(404);
    expect((await gp.post(`/agency/step-downs/${first}/accept`, {})).status).toBe(404);

    const accepted = await web.post(`/agency/step-downs/${first}/accept`, {});
    expect(accepted.status).toBe(303);
    const after = await web.get(`/agency/step-downs/${first}`);
    expect(after.text).toContain('You are now the lead professional');
    expect(after.text).not.toContain('Accept as lead professional');
    expect((await ds.query('SELECT status FROM step_down WHERE id = $1', [first]))[0].status).toBe('accepted');

    const noReason = await web.post(`/agency/step-downs/${second}/decline`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(errorSummary(noReason.text)[0].href).toBe('#reason');
    expect((await ds.query('SELECT status FROM step_down WHERE id = $1', [second]))[0].status).toBe('pending_acceptance');
  });

  it('each area is for its role: a partner gets the 403 page on /police, police on /agency; a malformed id is 404', async () => {
    const partner = new WebClient(api);
    await partner.signIn('partner@mash.localhost');
    expect((await partner.get('/police/checks')).status).toBe(403);
    const police = new WebClient(api);
    await police.signIn('police');
    expect((await police.get('/agency/step-downs')).status).toBe(403);
    expect((await police.get('/police/checks/not-a-uuid')).status).toBe(404);
    expect((await police.get('/police')).status).toBe(200);
  });
});
