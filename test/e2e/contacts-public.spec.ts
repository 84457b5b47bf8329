import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';
import { anonymousPublicContact, dateFromToday, tag } from '../factories/contact-bodies';

describe('Public contacts: anonymous allowed, reference and tracking token (SPEC INT-1, INT-7, SEC-2, SEC-5)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(() => api.close());

  const post = (body: object) => api.http.post('/api/v1/public/contacts').send(body);
  const status = (reference: string, token?: string) => {
    const req = api.http.get(`/api/v1/public/contacts/${reference}/status`);
    return token === undefined ? req : req.set('X-Tracking-Token', token);
  };

  it('an anonymous contact gets a reference and a token; status works with the token, and a wrong token and an unknown reference get the same 404', async () => {
    const created = await post(anonymousPublicContact());
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ reference: expect.stringMatching(/^MASH-\d{4}-\d{6}$/), trackingToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), receivedAt: expect.any(String) });
    const { reference, trackingToken } = created.body;

    const ok = await status(reference, trackingToken);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ reference, status: 'received', outcomeSummary: expect.stringContaining('received your report'), updatedAt: expect.any(String) });

    const wrongToken = await status(reference, trackingToken.slice(0, -2) + (trackingToken.endsWith('AA') ? 'BB' : 'AA'));
    const unknownReference = await status('MASH-2020-999999', trackingToken);
    const noToken = await status(reference);
    const malformed = await status('not-a-reference', trackingToken);
    for (const res of [wrongToken, unknownReference, noToken, malformed]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(wrongToken.body);
    }
    expect(wrongToken.body.message).toBe('No contact matches this reference and tracking token');
  });

  it('stores only the hash of the token, marks the contact anonymous, and records it as anonymous with referral source 9', async () => {
    const created = await post(anonymousPublicContact());
    await withDb(async (db) => {
      const [row] = (await db.query('SELECT anonymous, referrer_type, referral_source, channel, tracking_token_hash, submitted_by_user_id FROM contact WHERE reference = $1', [created.body.reference])).rows;
      expect(row).toMatchObject({ anonymous: true, referrer_type: 'anonymous', referral_source: '9', channel: 'public', submitted_by_user_id: null });
      expect(row.tracking_token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.tracking_token_hash).not.toContain(created.body.trackingToken);
      const referrers = await db.query('SELECT count(*)::int AS n FROM contact_referrer r JOIN contact c ON c.id = r.contact_id WHERE c.reference = $1', [created.body.reference]);
      expect(referrers.rows[0].n).toBe(0);
    });
  });

  it.each([
    [{ relationship: 'relative', name: 'Gran', phone: '07700 900123', relationshipToChild: 'grandmother' }, undefined, 'relative', '1A', false],
    [{ relationship: 'neighbour' }, undefined, 'neighbour', '9', true],
    [{ relationship: 'self', email: 'me@example.localhost' }, undefined, 'self', '1C', false],
    [{ name: 'A passer-by' }, undefined, 'other_public', '1D', false],
    [{ relationship: 'relative', name: 'Aunt' }, '1D', 'relative', '1D', false],
  ])('referrer %j with source %s is recorded as %s, referral source %s, anonymous %s', async (referrer, referralSource, type, source, anonymous) => {
    const body = { ...anonymousPublicContact(), anonymous: undefined, referrer, ...(referralSource ? { referralSource } : {}) };
    const created = await post(body);
    expect(created.status).toBe(201);
    await withDb(async (db) => {
      const [row] = (await db.query('SELECT referrer_type, referral_source, anonymous FROM contact WHERE reference = $1', [created.body.reference])).rows;
      expect(row).toEqual({ referrer_type: type, referral_source: source, anonymous });
    });
  });

  it('refuses a professional referral source and a name given with anonymous: true, naming the field and rule', async () => {
    const source = await post({ ...anonymousPublicContact(), referralSource: '2A' });
    expect(source.status).toBe(422);
    expect(source.body.details).toContainEqual(expect.objectContaining({ field: 'referralSource', rule: 'INT-2.public-referral-source' }));
    const named = await post({ ...anonymousPublicContact(), referrer: { name: 'Jo' } });
    expect(named.status).toBe(422);
    expect(named.body.details).toContainEqual(expect.objectContaining({ field: 'anonymous', rule: 'INT-2.anonymous-with-identity' }));
    const channel = await post({ ...anonymousPublicContact(), channel: 'professional' });
    expect(channel.status).toBe(400);
    expect(channel.body.details).toContainEqual(expect.objectContaining({ field: 'channel', rule: 'unknownProperty' }));
  });

  it('a child can refer themselves; a 17-year-old is a child', async () => {
    const res = await post({
      referrer: { relationship: 'self' },
      subjects: [{ firstName: `Sam${tag()}`, dateOfBirth: dateFromToday({ years: -18, days: 1 }) }],
      concerns: [{ category: 'self_harm', description: 'I have been cutting myself and I am scared to go home.' }],
    });
    expect(res.status).toBe(201);
  });

  it('the token holder can add information; it shows on the contact for MASH staff; a wrong token cannot', async () => {
    const created = await post(anonymousPublicContact());
    const { reference, trackingToken } = created.body;
    const info = { note: 'I took a photo of the bruises.', evidence: [{ type: 'photo', heldBy: 'me (the neighbour)' }], concerns: [{ category: 'injury', description: 'Bruises on her legs today.' }] };
    const wrong = await api.http.post(`/api/v1/public/contacts/${reference}/information`).set('X-Tracking-Token', 'x'.repeat(43)).send(info);
    expect(wrong.status).toBe(404);
    const added = await api.http.post(`/api/v1/public/contacts/${reference}/information`).set('X-Tracking-Token', trackingToken).send(info);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ informationId: expect.any(String), concernIds: [expect.any(String)], evidenceIds: [expect.any(String)] });

    const id = await withDb(async (db) => (await db.query('SELECT id FROM contact WHERE reference = $1', [reference])).rows[0].id);
    const full = await api.http.get(`/api/v1/contacts/${id}`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
    expect(full.body.information).toEqual([expect.objectContaining({ source: 'public', addedByRole: 'public', note: info.note, concernIds: added.body.concernIds, evidenceIds: added.body.evidenceIds })]);
    expect(full.body.concerns.map((k: { category: string }) => k.category)).toEqual(['home_conditions', 'injury']);
    expect(full.body.concerns[1]).toMatchObject({ position: 1, informationId: added.body.informationId, addedAt: expect.any(String), subjectIndexes: [0] });
    expect(full.body.evidence).toEqual([expect.objectContaining({ type: 'photo', heldBy: 'me (the neighbour)', informationId: added.body.informationId })]);
  });

  it('a status lookup by reference alone is not possible for a professional contact either', async () => {
    const pro = await api.http.post('/api/v1/contacts').set('Authorization', `Bearer ${await api.tokenFor('referrer')}`).send({
      channel: 'professional', subjects: [{ firstName: 'Pat' }], concerns: [{ category: 'other', description: 'x' }],
    });
    expect(pro.status).toBe(201);
    expect((await status(pro.body.reference, 'anything')).status).toBe(404);
  });
});

describe('Public contact routes are rate limited per IP (SPEC SEC-2, SEC-6)', () => {
  let api: TestApi;
  const saved = { limit: process.env.PUBLIC_RATE_LIMIT_PER_MINUTE, prefix: process.env.QUEUE_PREFIX };
  beforeAll(async () => {
    process.env.PUBLIC_RATE_LIMIT_PER_MINUTE = '3';
    // Counts live in Redis under the prefix, shared by every app using it: start from none, as a
    // fresh deployment would, not from the requests the tests above made.
    process.env.QUEUE_PREFIX = `${saved.prefix}-limits`;
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
    process.env.PUBLIC_RATE_LIMIT_PER_MINUTE = saved.limit;
    process.env.QUEUE_PREFIX = saved.prefix;
  });

  it('guessing tokens is cut off with 429 after the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.http.get('/api/v1/public/contacts/MASH-2026-000001/status').set('X-Tracking-Token', `guess-${i}`)).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });
});
