import { listRoutes } from '../../src/common/route-inventory';
import { startApi, TestApi } from '../utils/test-app';

describe('HTTP hygiene (SPEC SEC-6, OPS-2, OPS-3)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(() => api.close());

  it('an unknown property is a 400 that names it', async () => {
    const res = await api.http.post('/api/v1/auth/token').send({ email: 'worker@mash.localhost', password: 'x', isAdmin: true });
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'isAdmin', rule: 'unknownProperty' }));
    expect(res.body.message).toContain('isAdmin');
  });

  it('malformed JSON is a 400 in the standard error shape', async () => {
    const res = await api.http.post('/api/v1/auth/token').set('Content-Type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.details).toEqual([]);
  });

  it('a body over the limit is 413', async () => {
    const res = await api.http.post('/api/v1/auth/token').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'a'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(res.body.message).toBe('The request body is too large');
  });

  it('every response carries a request id, and a sane one given by the caller is kept', async () => {
    const res = await api.http.get('/health/live').set('X-Request-Id', 'trace-12345678');
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    const generated = await api.http.get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('security headers are set and CORS only allows the configured origins', async () => {
    const res = await api.http.get('/health/live').set('Origin', 'https://evil.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await api.http.get('/health/live').set('Origin', 'http://localhost:3000');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  });

  it('health/ready is 200 with Postgres and Redis up, and the docs are served', async () => {
    const ready = await api.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', postgres: 'up', redis: 'up' });
    expect((await api.http.get('/docs')).status).toBe(200);
    const json = await api.http.get('/docs-json');
    expect(json.body.paths['/api/v1/auth/token']).toBeDefined();
  });

  it('metrics are exposed for Prometheus', async () => {
    const res = await api.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('every registered route declares who may call it (deny by default)', () => {
    const routes = listRoutes(api.app);
    expect(routes.length).toBeGreaterThan(5);
    const undeclared = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
  });
});

describe('health/ready with Redis down', () => {
  it('is 503 and says which dependency is down', async () => {
    const previous = process.env.REDIS_URL;
    process.env.REDIS_URL = 'redis://127.0.0.1:6390'; // nothing listens here
    const api = await startApi();
    try {
      const res = await api.http.get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.message).toBe('Not ready: redis unreachable');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'redis', rule: 'reachable' })]);
      expect((await api.http.get('/health/live')).status).toBe(200);
    } finally {
      process.env.REDIS_URL = previous;
      await api.close();
    }
  });
});
