import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dateFromToday, familyContact, tag } from '../factories/contact-bodies';
import { createContact } from '../factories/contact-factory';
import { strategyCast, StrategyCast, submitContact } from '../factories/strategy-factory';
import { adminToken, createAccount } from '../utils/accounts';
import { startApi, TestApi } from '../utils/test-app';

/** SPEC SEC-2, SEC-4, §0: each record reaches only those who need it; "not yours" answers 404. */
describe('Records scoped to those who need them', () => {
  let api: TestApi;
  let ds: DataSource;
  let cast: StrategyCast;
  const as = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    cast = await strategyCast(ds);
  });
  afterAll(() => api.close());

  it('SEC-2: a step-down rejection does not hand the case to the rejecter: the re-queued contact is MASH-submitted, the rejecter recorded apart', async () => {
    const [eh] = await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'earlyhelp@mash.localhost'`);
    const { subjects } = await createContact(ds, {
      subjects: [{ personId: randomUUID() }],
      household: [{ relationship: 'mothers_partner', firstName: `Adult${tag()}`, knownRisks: ['violence'] }],
      concerns: [{ category: 'neglect_indicator' }],
    });
    const proposed = await api.http.post('/api/v1/step-downs').set('Authorization', await as('mash_worker')).send({
      subjectId: subjects[0].id, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id },
      riskHandover: 'Neglect concerns at home', plan: { actions: [{ action: 'Weekly visits', owner: 'Early Help', successCriteria: 'Attendance above 95%' }] },
      reviewDate: dateFromToday({ days: 60 }),
    });
    expect(proposed.status).toBe(201);
    const rejected = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/reject`).set('Authorization', await as('earlyhelp@mash.localhost')).send({ reason: 'Outside our area' });
    expect(rejected.status).toBe(200);
    const requeued = rejected.body.requeueContactId as string;

    // The rejecter cannot read the copy of the case, list it as theirs, or read its feedback.
    const read = await api.http.get(`/api/v1/contacts/${requeued}`).set('Authorization', await as('earlyhelp@mash.localhost'));
    const unknown = await api.http.get(`/api/v1/contacts/${randomUUID()}`).set('Authorization', await as('earlyhelp@mash.localhost'));
    expect(read.status).toBe(404);
    expect(read.body).toEqual(unknown.body);
    const mine = await api.http.get('/api/v1/contacts?mine=true').set('Authorization', await as('earlyhelp@mash.localhost'));
    expect(JSON.stringify(mine.body)).not.toContain(requeued);
    expect((await api.http.get(`/api/v1/contacts/${requeued}/feedback`).set('Authorization', await as('earlyhelp@mash.localhost'))).status).toBe(404);

    // The MASH submitted it; who rejected is on the step-down and the audit trail.
    const [contact] = await ds.query('SELECT submitted_by_user_id, submitted_by_agency_id, referrer_type FROM contact WHERE id = $1', [requeued]);
    expect(contact).toEqual({ submitted_by_user_id: null, submitted_by_agency_id: null, referrer_type: 'mash_staff' });
    const [stepDown] = await ds.query('SELECT responded_by_user_id FROM step_down WHERE id = $1', [proposed.body.id]);
    expect(stepDown.responded_by_user_id).toBe(eh.id);
    const audit = await ds.query(`SELECT actor_user_id FROM audit_event WHERE action = 'step_down.rejected' AND entity_id = $1`, [proposed.body.id]);
    expect(audit).toEqual([{ actor_user_id: eh.id }]);
    // MASH staff still see it in full.
    expect((await api.http.get(`/api/v1/contacts/${requeued}`).set('Authorization', await as('mash_worker'))).status).toBe(200);
  });

  it('SEC-2: a referrer who asked for a strategy discussion but was not invited does not read its minutes; an invitee does; an auditor sees no case content (SEC-4)', async () => {
    const { contactId, subjectId } = await submitContact(api, ds, 'referrer', familyContact(tag()));
    const requested = await api.http.post('/api/v1/strategy-discussions').set('Authorization', await as('referrer')).send({ contactId, subjectId, reason: 'Mother disclosed threats', urgency: 'urgent' });
    expect(requested.status).toBe(201);
    const id = requested.body.id as string;
    const convened = await api.http.post(`/api/v1/strategy-discussions/${id}/convene`).set('Authorization', await as('mash_worker')).send({
      scheduledAt: new Date(Date.now() + 3600_000).toISOString(), mode: 'video', chair: cast.sam.id,
      invitees: [{ agencyId: cast.police.id, userId: cast.pat.id }, { agencyId: cast.csc.id }, { agencyId: cast.hv.id, userId: cast.helen.id }],
    });
    expect(convened.status).toBe(200);
    const heldAt = new Date(Date.now() - 60_000).toISOString();
    const recorded = await api.http.post(`/api/v1/strategy-discussions/${id}/record`).set('Authorization', await as('mash_worker')).send({
      heldAt,
      attendance: convened.body.invitees.map((i: { id: string }) => ({ inviteeId: i.id, status: 'attended' })),
      informationShared: `Police shared call-outs to the address ${tag()}`,
      views: [{ agencyId: cast.police.id, view: 'Joint enquiry needed' }],
      outcome: 'no_s47_cin_assessment',
      icpcRequired: false,
      actions: [{ description: 'Joint visit to see the child', ownerAgencyId: cast.police.id, ownerName: 'DC Rao', dueDate: dateFromToday({ days: 1 }) }],
      childSeenAlonePlan: 'Seen alone at school tomorrow',
    });
    expect(recorded.status).toBe(200);
    expect((await api.http.post(`/api/v1/strategy-discussions/${id}/minutes/distribute`).set('Authorization', await as('mash_worker'))).status).toBe(200);

    const byRequester = await api.http.get(`/api/v1/strategy-discussions/${id}`).set('Authorization', await as('referrer'));
    expect(byRequester.status).toBe(200);
    expect(byRequester.body.minutes).toBeNull();
    expect(JSON.stringify(byRequester.body)).not.toContain('Joint visit to see the child');
    // Auditors see what happened and when, not the case: no minutes, narrative, child or addresses.
    const byAuditor = await api.http.get(`/api/v1/strategy-discussions/${id}`).set('Authorization', await as('auditor'));
    expect(byAuditor.status).toBe(200);
    expect(byAuditor.body).toMatchObject({ status: 'held', outcome: 'no_s47_cin_assessment' });
    expect(byAuditor.body).not.toHaveProperty('minutes');
    expect(byAuditor.body).not.toHaveProperty('child');
    expect(JSON.stringify(byAuditor.body)).not.toMatch(/Police shared call-outs|Joint visit|@/);
    const byInvitee = await api.http.get(`/api/v1/strategy-discussions/${id}`).set('Authorization', await as('police'));
    expect(byInvitee.body.minutes.text).toContain('Joint visit to see the child');
    // Invitations are per person: a colleague of the named health visitor, in the same agency, is not invited.
    const colleague = `hv-colleague-${tag()}@mash.localhost`;
    await createAccount(api, { email: colleague, name: 'Hana Colleague', role: 'partner', agencyId: cast.hv.id }, 'Colleague-pass-2026');
    const token = (await api.http.post('/api/v1/auth/token').send({ email: colleague, password: 'Colleague-pass-2026' })).body.accessToken;
    expect((await api.http.get(`/api/v1/strategy-discussions/${id}`).set('Authorization', `Bearer ${token}`)).status).toBe(404);
  });

  it('SEC-2: a second school cannot read another school’s check: a check goes to one named agency, never to every agency of a type', async () => {
    const admin = `Bearer ${await adminToken(api)}`;
    const school = async (name: string) => {
      const agency = await api.http.post('/api/v1/admin/agencies').set('Authorization', admin).send({ name: `${name} ${tag()}`, type: 'school' });
      expect(agency.status).toBe(201);
      const email = `dsl-${tag()}@${name.toLowerCase().replace(/\W+/g, '-')}.localhost`;
      await createAccount(api, { email, name: `${name} DSL`, role: 'partner', agencyId: agency.body.id }, 'School-dsl-2026!');
      const token = (await api.http.post('/api/v1/auth/token').send({ email, password: 'School-dsl-2026!' })).body.accessToken;
      return { id: agency.body.id as string, auth: `Bearer ${token}` };
    };
    const first = await school('Alder Primary');
    const second = await school('Birch Primary');
    const { contact, subjects } = await createContact(ds, { household: [{ relationship: 'mother', firstName: `Mum${tag()}` }] });
    const ask = async (to: Record<string, string>) =>
      api.http.post(`/api/v1/contacts/${contact.id}/checks`).set('Authorization', await as('mash_worker')).send({
        ...to, checkType: 'school', subjectIds: [subjects[0].id], reason: 'Attendance and presentation at school', questions: ['Any concerns noted?'], lawfulBasis: 'Children Act 1989 s.47',
      });

    // By type, with several schools: refused, naming the field to give.
    const byType = await ask({ agencyType: 'school' });
    expect(byType.status).toBe(422);
    expect(byType.body.details).toEqual([expect.objectContaining({ field: 'agencyId', rule: 'CHK-1.one-agency' })]);

    const asked = await ask({ agencyId: first.id });
    expect(asked.status).toBe(201);
    const listedFor = async (who: string) => (await api.http.get('/api/v1/checks').set('Authorization', who)).body.items.map((c: { id: string }) => c.id);
    expect(await listedFor(first.auth)).toContain(asked.body.id);
    expect(await listedFor(second.auth)).not.toContain(asked.body.id);
    const answer = { status: 'returned', summary: `Attendance 78%, arrives hungry ${tag()}` };
    const bySecond = await api.http.post(`/api/v1/checks/${asked.body.id}/response`).set('Authorization', second.auth).send(answer);
    const unknown = await api.http.post(`/api/v1/checks/${randomUUID()}/response`).set('Authorization', second.auth).send(answer);
    expect(bySecond.status).toBe(404);
    expect(bySecond.body).toEqual(unknown.body);
    expect((await api.http.post(`/api/v1/checks/${asked.body.id}/response`).set('Authorization', first.auth).send(answer)).status).toBe(200);
    expect(await listedFor(second.auth)).not.toContain(asked.body.id);
  });

  it('SEC-2: the category of abuse reaches only those working with the child now, not an agency that once referred', async () => {
    const [referrer] = await ds.query(`SELECT agency_id FROM app_user WHERE email = 'referrer@mash.localhost'`);
    const personId = randomUUID();
    await createContact(ds, { submittedByAgencyId: referrer.agency_id, subjects: [{ personId }] });
    const recorded = await api.http.post(`/api/v1/people/${personId}/status`).set('Authorization', await as('mash_manager'))
      .send({ level: 'child_protection', startedAt: new Date(Date.now() - 86_400_000).toISOString(), categoryOfAbuse: 'NEG', reference: `ICPC-${tag()}` });
    expect(recorded.status).toBe(201);
    const byReferrer = await api.http.get(`/api/v1/people/${personId}/status`).set('Authorization', await as('referrer'));
    expect(byReferrer.status).toBe(200);
    expect(byReferrer.body).toMatchObject({ level: 'child_protection', categoryOfAbuse: null });
    expect((await api.http.get(`/api/v1/people/${personId}/status`).set('Authorization', await as('mash_worker'))).body.categoryOfAbuse).toBe('NEG');
  });
});
