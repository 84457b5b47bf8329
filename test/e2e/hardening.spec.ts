import { randomBytes } from 'node:crypto';
import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';
import { TEST_ADMIN } from '../utils/test-secrets';

/** Operations surfaces (SPEC SEC-6, OPS-4): Bull Board, /metrics, /docs, request ids. */
describe('Hardening of the operations surfaces', () => {
  describe('with the test configuration', () => {
    let api: TestApi;
    beforeAll(async () => (api = await startApi()));
    afterAll(() => api.close());

    it('SEC-6: Bull Board is read-only for managers; administrators act, and each action is audited', async () => {
      const manager = `Bearer ${await api.tokenFor('mash_manager')}`;
      const admin = `Bearer ${(await api.http.post('/api/v1/auth/token').send(TEST_ADMIN)).body.accessToken}`;
      const seen = await api.http.get('/admin/queues/api/queues').set('Authorization', manager);
      expect(seen.status).toBe(200);
      expect(seen.body.queues.length).toBeGreaterThan(0);
      expect(seen.body.queues.every((q: { readOnlyMode: boolean }) => q.readOnlyMode)).toBe(true);
      for (const action of ['/admin/queues/api/queues/sweeps/clean/completed', '/admin/queues/api/queues/sweeps/empty', '/admin/queues/api/queues/pause']) {
        expect((await api.http.put(action).set('Authorization', manager)).status).toBe(403);
      }
      const asAdmin = await api.http.get('/admin/queues/api/queues').set('Authorization', admin);
      expect(asAdmin.body.queues.every((q: { readOnlyMode: boolean }) => !q.readOnlyMode)).toBe(true);
      // An id of this run's own: the audit trail may hold another run's clean (a second run of this test, or a run sharing the database).
      const requestId = `bull-board-clean-${randomBytes(8).toString('hex')}`;
      const cleaned = await api.http.put('/admin/queues/api/queues/sweeps/clean/completed').set('Authorization', admin).set('X-Request-Id', requestId);
      expect(cleaned.status).toBe(200);
      expect(cleaned.headers['x-request-id']).toBe(requestId);
      const audited = await withDb(async (db) => (await db.query(`SELECT action, summary FROM audit_event WHERE request_id = $1`, [requestId])).rows);
      expect(audited).toEqual([{ action: 'queue.admin_action', summary: { method: 'PUT', path: '/api/queues/sweeps/clean/completed' } }]);
    });

    it('SEC-6: a request id in an unsafe format is replaced by one of ours, in the answer and on the audit trail', async () => {
      const unsafe = '<img src=x onerror=alert(1)> Amy Smith';
      const res = await api.http.post('/api/v1/auth/token').set('X-Request-Id', unsafe).send({ email: 'worker@mash.localhost', password: 'Worker-dev-2026!' });
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const stored = await withDb(async (db) => (await db.query(`SELECT request_id FROM audit_event WHERE request_id = $1 OR request_id = $2`, [unsafe, res.headers['x-request-id']])).rows);
      expect(stored).toEqual([{ request_id: res.headers['x-request-id'] }]);
    });
  });

  describe('in production', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const key of ['NODE_ENV', 'JWT_SECRET', 'ADMIN_PASSWORD', 'METRICS_TOKEN', 'DOCS_ENABLED', 'SMTP_REQUIRE_STARTTLS']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    });
    const production = (extra: Record<string, string> = {}) =>
      Object.assign(process.env, { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48), ADMIN_PASSWORD: 'a-production-password', SMTP_REQUIRE_STARTTLS: 'true', ...extra });

    it('SEC-6: /metrics and /docs are off unless configured', async () => {
      production();
      const api = await startApi();
      try {
        expect((await api.http.get('/metrics')).status).toBe(404);
        expect((await api.http.get('/docs-json')).status).toBe(404);
        expect((await api.http.get('/docs')).status).toBe(404);
      } finally {
        await api.close();
      }
    });

    it('SEC-6: with a metrics token, /metrics answers only a scraper that presents it; /docs when enabled', async () => {
      production({ METRICS_TOKEN: 'scrape-token-0123456789abcdef', DOCS_ENABLED: 'true' });
      const api = await startApi();
      try {
        expect((await api.http.get('/metrics')).status).toBe(401);
        expect((await api.http.get('/metrics').set('Authorization', 'Bearer not-the-token-0123456789')).status).toBe(401);
        const scraped = await api.http.get('/metrics').set('Authorization', 'Bearer scrape-token-0123456789abcdef');
        expect(scraped.status).toBe(200);
        expect(scraped.text).toContain('mash_throttled_total');
        expect((await api.http.get('/docs-json')).status).toBe(200);
      } finally {
        await api.close();
      }
    });
  });
});
