import { DataSource } from 'typeorm';
import { createContact, CreatedContact } from '../factories/contact-factory';
import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';

/** Agency checks through HTTP, as the worker, the manager and the partner agencies would (SPEC §5). */
describe('Agency checks (SPEC CHK-1 to CHK-5)', () => {
  let api: TestApi;
  let ds: DataSource;
  const agency: Record<string, string> = {};
  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    for (const email of ['gp@mash.localhost', 'partner@mash.localhost', 'police@mash.localhost']) {
      const [row] = await ds.query('SELECT agency_id FROM app_user WHERE email = $1', [email]);
      agency[email] = row.agency_id;
    }
  });
  afterAll(() => api.close());

  const ask = async (contactId: string, body: Record<string, unknown>, who = 'mash_worker') =>
    api.http.post(`/api/v1/contacts/${contactId}/checks`).set('Authorization', await auth(who)).send({
      reason: 'School reports bruising; AMBER pending checks',
      questions: ['Is the child registered with you?', 'Any injuries or missed appointments in the last 12 months?'],
      lawfulBasis: 'Children Act 1989 s17; DPA 2018 Sch. 8 para 4',
      ...body,
    });
  const answer = async (checkId: string, who: string, body: Record<string, unknown>) =>
    api.http.post(`/api/v1/checks/${checkId}/response`).set('Authorization', await auth(who)).send(body);
  const contactChecks = async (contactId: string) => api.http.get(`/api/v1/contacts/${contactId}/checks`).set('Authorization', await auth('mash_manager'));
  const mine = async (who: string) => api.http.get('/api/v1/checks?mine=true&limit=200').set('Authorization', await auth(who));

  it('a worker asks the GP practice; only the GP answers (others get 404); the answer is audited and queues nothing no worker consumes', async () => {
    const { contact, subjects }: CreatedContact = await createContact(ds, { subjects: [{ firstName: 'Ava', dateOfBirth: '2021-02-03' }] });
    const asked = await ask(contact.id, { agencyId: agency['gp@mash.localhost'] });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ contactId: contact.id, checkType: 'gp', agencyType: 'health_gp', status: 'requested', subjectIds: [subjects[0].id], dueAtSource: 'default', response: null });
    expect(new Date(asked.body.dueAt).getTime()).toBeGreaterThan(Date.now());
    const checkId = asked.body.id;

    // The GP sees the question and the child's name and date of birth, and nothing else of the contact.
    const gpList = await mine('gp@mash.localhost');
    expect(gpList.status).toBe(200);
    const seen = gpList.body.items.find((c: { id: string }) => c.id === checkId);
    expect(Object.keys(seen).sort()).toEqual(['adults', 'checkType', 'children', 'dueAt', 'id', 'lawfulBasis', 'questions', 'reason', 'requestedAt', 'response', 'status']);
    expect(seen.children).toEqual([{ firstName: 'Ava', lastName: subjects[0].lastName, dateOfBirth: '2021-02-03', expectedDeliveryDate: null }]);
    expect((await mine('partner@mash.localhost')).body.items.map((c: { id: string }) => c.id)).not.toContain(checkId);

    expect((await answer(checkId, 'partner@mash.localhost', { status: 'returned', summary: 'x' })).status).toBe(404);
    expect((await answer(checkId, 'police@mash.localhost', { status: 'returned', summary: 'x' })).status).toBe(404);
    expect((await answer(checkId, 'mash_worker', { status: 'returned', summary: 'x' })).status).toBe(403);

    const noSummary = await answer(checkId, 'gp@mash.localhost', { status: 'returned' });
    expect(noSummary.status).toBe(422);
    expect(noSummary.body.details).toEqual([expect.objectContaining({ field: 'summary', rule: 'CHK-1.summary-required' })]);

    const returned = await answer(checkId, 'gp@mash.localhost', { status: 'returned', summary: 'Registered; two missed immunisations; no injuries recorded' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ id: checkId, status: 'returned', response: { summary: 'Registered; two missed immunisations; no injuries recorded', reason: null } });
    expect((await answer(checkId, 'gp@mash.localhost', { status: 'unable', reason: 'again' })).status).toBe(409);

    const view = await contactChecks(contact.id);
    expect(view.status).toBe(200);
    expect(view.body.checks).toEqual([expect.objectContaining({ id: checkId, status: 'returned', response: expect.objectContaining({ respondedByAgencyId: agency['gp@mash.localhost'] }) })]);
    expect(view.body.requiredChecks.items).toEqual([{ checkType: 'gp', scope: `subject:${subjects[0].id}`, requiredBy: 'CHK-2', outstanding: false }]);

    await withDb(async (db) => {
      const outbox = await db.query(`SELECT queue, job_name FROM outbox WHERE payload->>'checkId' = $1`, [checkId]);
      expect(outbox.rows).toEqual([]);
      const audit = await db.query(`SELECT action, actor_role FROM audit_event WHERE entity_id = $1 ORDER BY seq`, [checkId]);
      expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['agency_check.requested', 'agency_check.read', 'agency_check.responded']));
      const read = await db.query(`SELECT 1 FROM audit_event WHERE action = 'contact.read' AND entity_id = $1`, [contact.id]);
      expect(read.rowCount).toBeGreaterThan(0);
    });
  });

  it("a health visitor's answer is not the GP check, and the GP check cannot be sent to a health visitor (CHK-2, DUD 7.5)", async () => {
    const { contact, subjects } = await createContact(ds);
    const misdirected = await ask(contact.id, { agencyId: agency['partner@mash.localhost'], checkType: 'gp' });
    expect(misdirected.status).toBe(422);
    expect(misdirected.body.details).toEqual([expect.objectContaining({ field: 'agencyId', rule: 'CHK-2.gp-direct' })]);

    const hv = await ask(contact.id, { agencyId: agency['partner@mash.localhost'] });
    expect(hv.status).toBe(201);
    expect(hv.body.checkType).toBe('health_visitor');
    expect((await answer(hv.body.id, 'partner@mash.localhost', { status: 'returned', summary: 'Seen at home last month' })).status).toBe(200);

    const view = await contactChecks(contact.id);
    expect(view.body.requiredChecks.items).toEqual([{ checkType: 'gp', scope: `subject:${subjects[0].id}`, requiredBy: 'CHK-2', outstanding: true }]);
  });

  it('a check asked of every GP practice by type is answerable by a GP, not by a health visitor', async () => {
    const { contact } = await createContact(ds);
    const asked = await ask(contact.id, { agencyType: 'health_gp' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ agencyId: null, agencyType: 'health_gp', checkType: 'gp' });
    expect((await mine('gp@mash.localhost')).body.items.map((c: { id: string }) => c.id)).toContain(asked.body.id);
    expect((await answer(asked.body.id, 'partner@mash.localhost', { status: 'unable', reason: 'Not ours' })).status).toBe(404);
    expect((await answer(asked.body.id, 'gp@mash.localhost', { status: 'unable', reason: 'Not registered with this practice' })).body).toMatchObject({ status: 'unable', response: { reason: 'Not registered with this practice' } });
  });

  it('every household adult has a police-check status; police answer for the adults they were asked about (CHK-5)', async () => {
    const { contact, household } = await createContact(ds, {
      household: [{ relationship: 'mother' }, { relationship: 'mothers_partner', sex: 'M', dateOfBirth: null }, { relationship: 'sibling', dateOfBirth: '2012-01-01' }],
    });
    const [mum, partner] = household;
    const before = await contactChecks(contact.id);
    expect(before.body.householdAdults.map((a: { householdMemberId: string; policeCheckStatus: string }) => [a.householdMemberId, a.policeCheckStatus])).toEqual([
      [mum.id, 'not_requested'],
      [partner.id, 'not_requested'],
    ]);

    const asked = await ask(contact.id, { agencyType: 'police', householdMemberIds: [partner.id], questions: ['Any convictions, call-outs or intelligence about this adult?'] });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ checkType: 'police', householdMemberIds: [partner.id], subjectIds: [] });
    const policeView = (await mine('police@mash.localhost')).body.items.find((c: { id: string }) => c.id === asked.body.id);
    expect(policeView.adults).toEqual([{ firstName: partner.firstName, lastName: partner.lastName, dateOfBirth: null, relationship: 'mothers_partner' }]);

    const noReason = await answer(asked.body.id, 'police@mash.localhost', { status: 'declined' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.details[0]).toMatchObject({ field: 'reason', rule: 'CHK-1.reason-required' });
    expect((await answer(asked.body.id, 'police@mash.localhost', { status: 'declined', reason: 'Live investigation; speak to the DS' })).status).toBe(200);

    const after = await contactChecks(contact.id);
    expect(after.body.householdAdults.map((a: { policeCheckStatus: string }) => a.policeCheckStatus)).toEqual(['not_requested', 'declined']);
    const police = after.body.requiredChecks.items.filter((i: { checkType: string }) => i.checkType === 'police');
    expect(police).toEqual([
      { checkType: 'police', scope: `household_member:${mum.id}`, requiredBy: 'CHK-5', outstanding: true },
      { checkType: 'police', scope: `household_member:${partner.id}`, requiredBy: 'CHK-5', outstanding: false },
    ]);
  });

  it('parental mental ill-health on the contact makes a mental-health check required (CHK-3, IOW 2.7)', async () => {
    const { contact } = await createContact(ds, { concerns: [{ category: 'parental_mental_health', description: 'Mother hearing voices' }] });
    const view = await contactChecks(contact.id);
    expect(view.body.requiredChecks.items).toContainEqual({ checkType: 'adult_mental_health', scope: 'contact', requiredBy: 'CHK-3', outstanding: true });
  });

  it('only a manager waives a check, with a reason; a waived check is no longer outstanding and cannot be answered (CHK-4)', async () => {
    const { contact } = await createContact(ds);
    const asked = await ask(contact.id, { agencyId: agency['gp@mash.localhost'] });
    const waive = async (who: string, body: Record<string, unknown>) => api.http.post(`/api/v1/checks/${asked.body.id}/waive`).set('Authorization', await auth(who)).send(body);

    expect((await waive('mash_worker', { reason: 'Urgent' })).status).toBe(403);
    const blank = await waive('mash_manager', { reason: '  ' });
    expect(blank.status).toBe(422);
    expect(blank.body.details[0]).toMatchObject({ field: 'reason', rule: 'CHK-4.waiver-reason' });

    const waived = await waive('mash_manager', { reason: 'Child not registered with any GP; HV confirmed' });
    expect(waived.status).toBe(200);
    expect(waived.body).toMatchObject({ status: 'waived', waiver: { reason: 'Child not registered with any GP; HV confirmed' } });
    expect((await waive('mash_manager', { reason: 'Again' })).status).toBe(409);
    expect((await answer(asked.body.id, 'gp@mash.localhost', { status: 'returned', summary: 'Late answer' })).status).toBe(409);
    const view = await contactChecks(contact.id);
    expect(view.body.requiredChecks.items[0]).toMatchObject({ checkType: 'gp', outstanding: false });
    await withDb(async (db) => {
      const audit = await db.query(`SELECT actor_role FROM audit_event WHERE action = 'agency_check.waived' AND entity_id = $1`, [asked.body.id]);
      expect(audit.rows).toEqual([{ actor_role: 'mash_manager' }]);
    });
  });

  it('refuses bad requests with the field and the rule, and saves nothing', async () => {
    const { contact } = await createContact(ds);
    const other = await createContact(ds);
    const gp = agency['gp@mash.localhost'];
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ agencyId: gp, colour: 'red' }, 400, 'colour', 'unknownProperty'],
      [{}, 400, 'agencyId', 'agencyIdOrAgencyType'],
      [{ agencyId: gp, questions: [] }, 400, 'questions', 'arrayMinSize'],
      [{ agencyId: gp, lawfulBasis: '  ' }, 400, 'lawfulBasis', 'matches'],
      [{ agencyId: gp, reason: 'Bell \u0007 character' }, 400, 'reason', 'matches'],
      [{ agencyId: gp, checkType: 'astrologer' }, 400, 'checkType', 'isIn'],
      [{ agencyId: gp, dueAt: 'tomorrow' }, 400, 'dueAt', 'isIso8601'],
      [{ agencyId: gp, dueAt: '2020-01-01T09:00:00Z' }, 422, 'dueAt', 'CHK-1.due-in-future'],
      [{ agencyId: gp, subjectIds: [other.subjects[0].id] }, 422, 'subjectIds[0]', 'exists'],
      [{ agencyId: gp, agencyType: 'school' }, 422, 'agencyType', 'CHK-1.agency-type'],
      [{ agencyId: '00000000-0000-4000-8000-000000000000' }, 422, 'agencyId', 'exists'],
      [{ agencyType: 'early_help' }, 400, 'checkType', 'isNotEmpty'],
      [{ agencyType: 'police', checkType: 'school' }, 422, 'agencyType', 'CHK-1.agency-type'],
    ];
    for (const [body, status, field, rule] of cases) {
      const res = await ask(contact.id, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      expect(res.body.details).toContainEqual(expect.objectContaining({ field, rule }));
    }
    const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM agency_check WHERE contact_id = $1', [contact.id]);
    expect(count).toBe(0);

    expect((await ask('00000000-0000-4000-8000-000000000000', { agencyId: gp })).status).toBe(404);
    expect((await ask('not-a-uuid', { agencyId: gp })).status).toBe(400);
    expect((await ask(contact.id, { agencyId: gp }, 'referrer')).status).toBe(403);
    expect((await api.http.get('/api/v1/checks?mine=true').set('Authorization', await auth('mash_worker'))).status).toBe(403);
    expect((await api.http.get(`/api/v1/contacts/${contact.id}/checks`).set('Authorization', await auth('partner@mash.localhost'))).status).toBe(403);
    expect((await api.http.get('/api/v1/contacts/00000000-0000-4000-8000-000000000000/checks').set('Authorization', await auth('mash_worker'))).status).toBe(404);
    expect((await answer('00000000-0000-4000-8000-000000000000', 'gp@mash.localhost', { status: 'returned', summary: 'x' })).status).toBe(404);
  });

  it('the asked agency pages through its checks, newest first; a forged cursor is a 400', async () => {
    const { contact } = await createContact(ds);
    const first = await ask(contact.id, { agencyId: agency['gp@mash.localhost'] });
    const second = await ask(contact.id, { agencyId: agency['gp@mash.localhost'] });
    const token = await auth('gp@mash.localhost');
    const page1 = await api.http.get('/api/v1/checks?mine=true&limit=1').set('Authorization', token);
    expect(page1.body.items.map((c: { id: string }) => c.id)).toEqual([second.body.id]);
    const page2 = await api.http.get(`/api/v1/checks?mine=true&limit=1&cursor=${page1.body.nextCursor}`).set('Authorization', token);
    expect(page2.body.items.map((c: { id: string }) => c.id)).toEqual([first.body.id]);
    const forged = await api.http.get(`/api/v1/checks?mine=true&cursor=${Buffer.from('"x"').toString('base64url')}`).set('Authorization', token);
    expect(forged.status).toBe(400);
    expect(forged.body.details).toEqual([expect.objectContaining({ field: 'cursor', rule: 'isCursor' })]);
    const returnedOnly = await api.http.get('/api/v1/checks?mine=true&status=returned&limit=200').set('Authorization', token);
    expect(returnedOnly.body.items.length).toBeGreaterThan(0); // the first test's GP answer
    expect(returnedOnly.body.items.every((c: { status: string }) => c.status === 'returned')).toBe(true);
  });

  it("a requester's own due time is kept", async () => {
    const { contact } = await createContact(ds);
    const dueAt = new Date(Date.now() + 4 * 3600_000).toISOString();
    const res = await ask(contact.id, { agencyId: agency['police@mash.localhost'], dueAt });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ checkType: 'police', dueAt, dueAtSource: 'requester' });
  });
});
