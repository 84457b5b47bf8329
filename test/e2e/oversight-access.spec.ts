import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { listRoutes } from '../../src/common/route-inventory';
import { createContact } from '../factories/contact-factory';
import { demoUser } from '../factories/oversight-factory';
import { startApi, TestApi } from '../utils/test-app';

/** Who viewed a child (SPEC MGT-4) and auditors being read-only (SPEC SEC-4), through HTTP. */
describe('Access log and read-only auditors (SPEC MGT-4, SEC-4)', () => {
  let api: TestApi;
  let ds: DataSource;

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
  });

  afterAll(async () => {
    await api?.close();
  });

  async function child(): Promise<{ personId: string; contactId: string }> {
    const [person] = await ds.query(`INSERT INTO person (kind, sex) VALUES ('child', 'F') RETURNING id`);
    const c = await createContact(ds, { subjects: [{ personId: person.id }] });
    return { personId: person.id, contactId: c.contact.id };
  }

  it("reading a child's history as a worker appears in that child's access log for the manager", async () => {
    const worker = await demoUser(ds, 'worker@mash.localhost');
    const workerToken = await api.tokenFor('mash_worker');
    const manager = await api.tokenFor('mash_manager');
    const { personId, contactId } = await child();
    const other = await child();

    expect((await api.http.get(`/api/v1/people/${personId}/history`).set('Authorization', `Bearer ${workerToken}`)).status).toBe(200);
    expect((await api.http.get(`/api/v1/contacts/${contactId}`).set('Authorization', `Bearer ${workerToken}`)).status).toBe(200);
    expect((await api.http.get(`/api/v1/contacts/${other.contactId}`).set('Authorization', `Bearer ${workerToken}`)).status).toBe(200);

    const res = await api.http.get(`/api/v1/people/${personId}/access-log`).set('Authorization', `Bearer ${manager}`);
    expect(res.status).toBe(200);
    const reads = res.body.items.filter((i: { userId: string }) => i.userId === worker.id);
    expect(reads).toEqual([
      expect.objectContaining({ role: 'mash_worker', userName: worker.name, action: 'contact.read', entityType: 'contact', entityId: contactId, view: 'full' }),
      expect.objectContaining({ role: 'mash_worker', userName: worker.name, action: 'person.read', entityType: 'person', entityId: personId, view: 'history' }),
    ]);
    for (const r of reads) expect(Date.parse(r.occurredAt)).not.toBeNaN();
    expect(res.body.items.some((i: { entityId: string }) => i.entityId === other.contactId)).toBe(false);

    // Looking at the log is itself a read that the next look shows.
    const again = await api.http.get(`/api/v1/people/${personId}/access-log?limit=1`).set('Authorization', `Bearer ${manager}`);
    expect(again.body.items).toEqual([expect.objectContaining({ role: 'mash_manager', entityType: 'person', view: 'access_log' })]);
    expect(again.body.nextCursor).toEqual(expect.any(String));
    const next = await api.http.get(`/api/v1/people/${personId}/access-log?limit=100&cursor=${again.body.nextCursor}`).set('Authorization', `Bearer ${manager}`);
    // The next page starts below the cursor: the first look's answer, read for read.
    expect(next.body.items).toEqual(res.body.items);
  });

  it('the access log is for managers; an unknown child is a 404', async () => {
    const { personId } = await child();
    for (const role of ['mash_worker', 'auditor', 'referrer']) {
      const res = await api.http.get(`/api/v1/people/${personId}/access-log`).set('Authorization', `Bearer ${await api.tokenFor(role)}`);
      expect(res.status).toBe(403);
    }
    const unknown = await api.http.get(`/api/v1/people/${randomUUID()}/access-log`).set('Authorization', `Bearer ${await api.tokenFor('mash_manager')}`);
    expect(unknown.status).toBe(404);
  });

  it('an auditor can read but gets 403 on every write route', async () => {
    const auditor = await api.tokenFor('auditor');
    const routes = listRoutes(api.app).filter((r) => !r.page); // web pages: test/e2e/web/web-access.spec.ts
    // The writes open to every account, on their own things only: marking your OWN notification read
    // (triage's inbox, no case data changes) and signing yourself out (ends your own tokens). Named here
    // so that any other route letting an auditor write fails the test.
    const ownInbox = new Set(['POST /api/v1/notifications/:id/read', 'POST /api/v1/auth/sign-out']);
    const writes = routes.filter((r) => r.method !== 'GET' && r.access && !r.access.public && !ownInbox.has(`${r.method} ${r.path}`));
    // Declared: no write route lets an auditor in.
    expect(writes.filter((r) => r.access && !r.access.public && r.access.roles.includes('auditor')).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(routes.filter((r) => ownInbox.has(`${r.method} ${r.path}`))).toHaveLength(ownInbox.size);
    expect(writes.length).toBeGreaterThan(10);
    // Enforced: each one answers 403 to an auditor's token.
    const answers: string[] = [];
    for (const r of writes) {
      const path = r.path.replace(/:[A-Za-z]+/g, randomUUID());
      const res = await (api.http as unknown as Record<string, (p: string) => ReturnType<typeof api.http.post>>)[r.method.toLowerCase()](path).set('Authorization', `Bearer ${auditor}`).send({});
      if (res.status !== 403) answers.push(`${r.method} ${r.path} -> ${res.status}`);
    }
    expect(answers).toEqual([]);
    // And reads work.
    expect((await api.http.get('/api/v1/reports/dashboard').set('Authorization', `Bearer ${auditor}`)).status).toBe(200);
    expect((await api.http.get('/api/v1/audit-events?limit=5').set('Authorization', `Bearer ${auditor}`)).status).toBe(200);
  });
});
