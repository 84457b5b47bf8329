import { randomUUID } from 'node:crypto';
import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';
import { anonymousPublicContact, familyContact, simpleContact } from '../factories/contact-bodies';

/** SPEC INT-8: retries return the same contact; double submissions are kept and linked, never dropped. */
describe('Idempotency and possible duplicates', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(() => api.close());

  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;
  const contacts = (key: string) => withDb(async (db) => (await db.query('SELECT count(*)::int AS n FROM contact WHERE idempotency_key = $1', [key])).rows[0].n);

  it('a retry with the same key and body returns the original 201 body: same id and reference', async () => {
    const key = randomUUID();
    const body = familyContact();
    const first = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).set('Idempotency-Key', key).send(body);
    // Same content, keys in another order: still the same body.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).set('Idempotency-Key', key).send(reordered);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await contacts(key)).toBe(1);
  });

  it('the same key with a changed body is 422 INT-8.idempotency-key-reuse, and nothing new is stored', async () => {
    const key = randomUUID();
    const body = simpleContact();
    expect((await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).set('Idempotency-Key', key).send(body)).status).toBe(201);
    const changed = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).set('Idempotency-Key', key).send({ ...body, referralSource: '2B' });
    expect(changed.status).toBe(422);
    expect(changed.body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key', rule: 'INT-8.idempotency-key-reuse' })]);
    expect(await contacts(key)).toBe(1);
  });

  it('keys belong to the user who sent them: another user’s same key makes their own contact', async () => {
    const key = randomUUID();
    const a = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).set('Idempotency-Key', key).send(simpleContact());
    const b = await api.http.post('/api/v1/contacts').set('Authorization', await auth('partner')).set('Idempotency-Key', key).send(simpleContact());
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('concurrent requests with one key make exactly one contact and all answer with it', async () => {
    const key = randomUUID();
    const body = familyContact();
    const token = await auth('referrer');
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.http.post('/api/v1/contacts').set('Authorization', token).set('Idempotency-Key', key).send(body)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    expect(await contacts(key)).toBe(1);
    await withDb(async (db) => {
      const outbox = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'contactId' = $1`, [answers[0].body.id]);
      expect(outbox.rows[0].n).toBe(2);
    });
  });

  it('a malformed key is a 400 naming the header', async () => {
    const res = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).set('Idempotency-Key', 'has spaces in it').send(simpleContact());
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key', rule: 'format' })]);
  });

  it('without a key, the same submission twice within 10 minutes is stored twice and linked as a possible duplicate', async () => {
    const body = simpleContact();
    const first = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send(body);
    const second = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send(body);
    const third = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send(body);
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    expect(first.body.possibleDuplicateOfId).toBeNull();
    expect(second.body.possibleDuplicateOfId).toBe(first.body.id);
    expect(third.body.possibleDuplicateOfId).toBe(first.body.id);
    const full = await api.http.get(`/api/v1/contacts/${second.body.id}`).set('Authorization', await auth('mash_worker'));
    expect(full.body.possibleDuplicateOfId).toBe(first.body.id);
    // Another submitter sending the same words is not a duplicate of someone else's contact.
    const other = await api.http.post('/api/v1/contacts').set('Authorization', await auth('partner')).send(body);
    expect(other.body.possibleDuplicateOfId).toBeNull();
  });

  it('a submission identical to one made more than 10 minutes ago is not linked', async () => {
    const body = simpleContact();
    const first = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send(body);
    await withDb((db) => db.query(`UPDATE contact SET received_at = received_at - interval '11 minutes' WHERE id = $1`, [first.body.id]));
    const second = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send(body);
    expect(second.body.possibleDuplicateOfId).toBeNull();
  });

  it('INT-7, INT-8, SEC-2: a public retry with the same key and body gets the same reference and a new tracking token that replaces the lost one; the same key with another body gets nothing', async () => {
    const key = randomUUID();
    const body = anonymousPublicContact();
    const first = await api.http.post('/api/v1/public/contacts').set('Idempotency-Key', key).send(body);
    const retry = await api.http.post('/api/v1/public/contacts').set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual({ reference: first.body.reference, receivedAt: first.body.receivedAt, trackingToken: expect.any(String), trackingTokenNote: expect.stringContaining('replaces the one given before') });
    expect(retry.body.trackingToken).not.toBe(first.body.trackingToken);
    const misuse = await api.http.post('/api/v1/public/contacts').set('Idempotency-Key', key).send(anonymousPublicContact());
    expect(misuse.status).toBe(422);
    expect(misuse.body.details[0].rule).toBe('INT-8.idempotency-key-reuse');
    expect(JSON.stringify(misuse.body)).not.toContain(first.body.reference);
    // The caller whose first answer was lost checks the outcome with the new token; the old one no longer opens it.
    const status = await api.http.get(`/api/v1/public/contacts/${first.body.reference}/status`).set('X-Tracking-Token', retry.body.trackingToken);
    expect(status.status).toBe(200);
    expect(status.body.status).toBe('received');
    const old = await api.http.get(`/api/v1/public/contacts/${first.body.reference}/status`).set('X-Tracking-Token', first.body.trackingToken);
    expect(old.status).toBe(404);
  });

  it('SEC-2: a retry under a short, guessable key gets the same reference but no token', async () => {
    const key = `k-${randomUUID().slice(0, 6)}`;
    const body = anonymousPublicContact();
    const first = await api.http.post('/api/v1/public/contacts').set('Idempotency-Key', key).send(body);
    const retry = await api.http.post('/api/v1/public/contacts').set('Idempotency-Key', key).send(body);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ reference: first.body.reference, receivedAt: first.body.receivedAt, trackingToken: null, trackingTokenNote: expect.stringContaining('shown once') });
    // The first token still works.
    const status = await api.http.get(`/api/v1/public/contacts/${first.body.reference}/status`).set('X-Tracking-Token', first.body.trackingToken);
    expect(status.status).toBe(200);
  });
});
