import { randomBytes } from 'node:crypto';
import { createAccount } from '../utils/accounts';
import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';
import { familyContact, simpleContact, tag } from '../factories/contact-bodies';

/** SPEC SEC-2, MGT-4: who sees which contact, and every read is audited. */
describe('Contact reads and scoping', () => {
  let api: TestApi;
  let referrerB: string;
  beforeAll(async () => {
    api = await startApi();
    // A second referrer in the same school as the demo referrer: same agency, still not theirs to see.
    const agencyId = await withDb(async (db) => (await db.query(`SELECT agency_id FROM app_user WHERE email = 'referrer@mash.localhost'`)).rows[0].agency_id);
    const email = `referrer-b-${randomBytes(3).toString('hex')}@mash.localhost`;
    await createAccount(api, { email, name: 'Bea Referrer', role: 'referrer', agencyId }, 'Referrer-B-2026!');
    referrerB = `Bearer ${(await api.http.post('/api/v1/auth/token').send({ email, password: 'Referrer-B-2026!' })).body.accessToken}`;
  });
  afterAll(() => api.close());

  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;
  const create = async (who: string, body: object = simpleContact()) => {
    const res = await api.http.post('/api/v1/contacts').set('Authorization', who.startsWith('Bearer') ? who : await auth(who)).send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('referrer A cannot see referrer B’s contact: 404, the same as an id that does not exist', async () => {
    const ofB = await create(referrerB);
    const asA = await api.http.get(`/api/v1/contacts/${ofB}`).set('Authorization', await auth('referrer'));
    const missing = await api.http.get('/api/v1/contacts/00000000-0000-4000-8000-000000000000').set('Authorization', await auth('referrer'));
    const junk = await api.http.get('/api/v1/contacts/not-an-id').set('Authorization', await auth('referrer'));
    expect(asA.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(junk.status).toBe(404);
    expect(asA.body).toEqual(missing.body);
    expect((await api.http.get(`/api/v1/contacts/${ofB}`).set('Authorization', referrerB)).status).toBe(200);
    for (const who of ['partner', 'police']) expect((await api.http.get(`/api/v1/contacts/${ofB}`).set('Authorization', await auth(who))).status).toBe(404);
    const info = await api.http.post(`/api/v1/contacts/${ofB}/information`).set('Authorization', await auth('referrer')).send({ note: 'x' });
    expect(info.status).toBe(404);
  });

  it('police see their own notifications, in their list and one by one, and nobody else’s', async () => {
    const mine = await create('police', simpleContact(tag(), { channel: 'police_notification' }));
    const other = await create('referrer');
    const one = await api.http.get(`/api/v1/contacts/${mine}`).set('Authorization', await auth('police'));
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: mine, channel: 'police_notification', status: 'received' });
    const list = await api.http.get('/api/v1/contacts?mine=true&limit=200').set('Authorization', await auth('police'));
    expect(list.status).toBe(200);
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(other);
    expect(list.body.items.find((i: { id: string }) => i.id === mine)).toMatchObject({ reference: one.body.reference, status: 'received', subjectCount: 1, concernCount: 1 });
  });

  it('the own-contacts list pages newest first with a cursor, and needs mine=true', async () => {
    const ids = [await create(referrerB), await create(referrerB), await create(referrerB)];
    const page1 = await api.http.get('/api/v1/contacts?mine=true&limit=2').set('Authorization', referrerB);
    expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await api.http.get(`/api/v1/contacts?mine=true&limit=2&cursor=${page1.body.nextCursor}`).set('Authorization', referrerB);
    expect(page2.body.items[0].id).toBe(ids[0]);
    expect((await api.http.get('/api/v1/contacts').set('Authorization', referrerB)).status).toBe(400);
    expect((await api.http.get('/api/v1/contacts?mine=true&cursor=bogus').set('Authorization', referrerB)).status).toBe(400);
    expect((await api.http.get('/api/v1/contacts?mine=true').set('Authorization', await auth('mash_worker'))).status).toBe(403);
  });

  it('MASH staff see every contact in full, and each read is an audit event with the reader', async () => {
    const id = await create(referrerB, familyContact());
    const res = await api.http.get(`/api/v1/contacts/${id}`).set('Authorization', await auth('mash_manager'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, referrerType: 'professional', submittedByUserId: expect.any(String) });
    await api.http.get(`/api/v1/contacts/${id}`).set('Authorization', referrerB);
    await withDb(async (db) => {
      const reads = await db.query(`SELECT actor_role, summary FROM audit_event WHERE entity_id = $1 AND action = 'contact.read' ORDER BY seq`, [id]);
      expect(reads.rows).toEqual([{ actor_role: 'mash_manager', summary: { view: 'full' } }, { actor_role: 'referrer', summary: { view: 'referrer' } }]);
    });
  });

  it('the referrer adds information; MASH staff add some too; the referrer’s view shows only their own additions', async () => {
    const id = await create(referrerB, familyContact());
    const fromReferrer = await api.http.post(`/api/v1/contacts/${id}/information`).set('Authorization', referrerB).send({
      note: 'The photo is now with the school nurse.', concerns: [{ category: 'injury', description: 'New bruise on Ben’s cheek', subjectIndexes: [1] }],
    });
    expect(fromReferrer.status).toBe(201);
    const fromStaff = await api.http.post(`/api/v1/contacts/${id}/information`).set('Authorization', await auth('mash_worker')).send({
      note: 'Police hold a previous DA report on the partner.', evidence: [{ type: 'document', heldBy: 'police' }],
    });
    expect(fromStaff.status).toBe(201);

    const own = await api.http.get(`/api/v1/contacts/${id}`).set('Authorization', referrerB);
    expect(own.body.concerns).toHaveLength(4);
    expect(own.body.concerns[3]).toMatchObject({ description: 'New bruise on Ben’s cheek', subjectIndexes: [1], informationId: fromReferrer.body.informationId });
    expect(own.body.evidence).toHaveLength(1); // the photo, not the police document
    expect(own.body.information.map((i: { note: string }) => i.note)).toEqual(['The photo is now with the school nurse.']);
    expect(JSON.stringify(own.body)).not.toContain('previous DA report');

    const full = await api.http.get(`/api/v1/contacts/${id}`).set('Authorization', await auth('mash_worker'));
    expect(full.body.information.map((i: { source: string }) => i.source)).toEqual(['referrer', 'mash_staff']);
    expect(full.body.evidence.map((e: { heldBy: string }) => e.heldBy)).toEqual(['referrer', 'police']);

    await withDb(async (db) => {
      // Each addition goes to triage (the rules run again, the holder is told), on the triage queue its processor consumes.
      const outbox = await db.query(`SELECT queue FROM outbox WHERE job_name = 'contact.information-added' AND payload->>'contactId' = $1`, [id]);
      expect(outbox.rows).toEqual([{ queue: 'triage' }, { queue: 'triage' }]);
      const audit = await db.query(`SELECT actor_role, summary->>'source' AS source FROM audit_event WHERE entity_id = $1 AND action = 'contact.information-added' ORDER BY seq`, [id]);
      expect(audit.rows).toEqual([{ actor_role: 'referrer', source: 'referrer' }, { actor_role: 'mash_worker', source: 'mash_staff' }]);
    });
  });

  it('information must hold something, and its concerns follow the same rules', async () => {
    const id = await create(referrerB);
    const empty = await api.http.post(`/api/v1/contacts/${id}/information`).set('Authorization', referrerB).send({});
    expect(empty.status).toBe(422);
    expect(empty.body.details).toContainEqual(expect.objectContaining({ rule: 'INT-2.information-empty' }));
    const badIndex = await api.http.post(`/api/v1/contacts/${id}/information`).set('Authorization', referrerB).send({ concerns: [{ category: 'other', description: 'x', subjectIndexes: [5] }] });
    expect(badIndex.status).toBe(422);
    expect(badIndex.body.details).toContainEqual(expect.objectContaining({ field: 'concerns[0].subjectIndexes[0]', rule: 'INT-5.subject-index' }));
    const junk = await api.http.post(`/api/v1/contacts/${id}/information`).set('Authorization', referrerB).send({ note: 'x', extra: true });
    expect(junk.status).toBe(400);
  });

  it('additions made at the same moment each get their own position (row lock)', async () => {
    const id = await create(referrerB);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api.http.post(`/api/v1/contacts/${id}/information`).set('Authorization', referrerB).send({ concerns: [{ category: 'other', description: `c${i}` }] })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const full = await api.http.get(`/api/v1/contacts/${id}`).set('Authorization', await auth('mash_worker'));
    expect(full.body.concerns.map((k: { position: number }) => k.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
