import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, TestApi } from '../utils/test-app';
import { TEST_ADMIN } from '../utils/test-secrets';

describe('Logs never carry personal data or tokens (SPEC SEC-3)', () => {
  const logFile = join(tmpdir(), `mash-log-${process.pid}-${Date.now()}.log`);
  let api: TestApi;
  const saved = { file: process.env.LOG_FILE, level: process.env.LOG_LEVEL };

  beforeAll(async () => {
    process.env.LOG_FILE = logFile;
    process.env.LOG_LEVEL = 'info';
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
    process.env.LOG_FILE = saved.file;
    process.env.LOG_LEVEL = saved.level;
    rmSync(logFile, { force: true });
  });

  it('a request whose body holds a name, and whose headers hold tokens, logs neither', async () => {
    const name = 'Zebedee Quintrell-Fox';
    const trackingToken = 'trk_9f8e7d6c5b4a39281706';
    const adminToken = (await api.http.post('/api/v1/auth/token').send(TEST_ADMIN)).body.accessToken;
    const res = await api.http
      .post('/api/v1/admin/agencies?name=Zebedee')
      .set('Authorization', `Bearer ${adminToken}`)
      .set('X-Tracking-Token', trackingToken)
      .set('X-Request-Id', 'log-test-request-0001')
      .send({ name, type: 'other', email: 'zebedee@quintrell.localhost' });
    expect(res.status).toBe(201);

    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('log-test-request-0001'); // the request was logged ...
    for (const secret of [name, 'Zebedee', 'Quintrell', trackingToken, adminToken, adminToken.split('.')[2], TEST_ADMIN.password]) {
      expect(log).not.toContain(secret); // ... without the personal data or the tokens
    }
  });

  it('each request is logged once when answered: its id, method and path without the query, the status, the time taken, at a level by status', async () => {
    const adminToken = (await api.http.post('/api/v1/auth/token').send(TEST_ADMIN)).body.accessToken;
    await api.http.get('/api/v1/admin/agencies?name=Zebedee').set('Authorization', `Bearer ${adminToken}`).set('X-Request-Id', 'log-test-request-0002').expect(200);
    await api.http.get('/api/v1/admin/agencies').set('X-Request-Id', 'log-test-request-0003').expect(401);
    await api.http.get('/health/live').set('X-Request-Id', 'log-test-request-0004').expect(200);

    const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const of = (id: string) => lines.filter((line) => (line.req as { id?: string } | undefined)?.id === id);
    const [ok] = of('log-test-request-0002');
    expect(of('log-test-request-0002')).toHaveLength(1);
    expect(Object.keys(ok)).toEqual(['level', 'time', 'pid', 'hostname', 'req', 'res', 'responseTime', 'msg']);
    expect(ok).toMatchObject({ level: 30, req: { id: 'log-test-request-0002', method: 'GET', path: '/api/v1/admin/agencies' }, res: { statusCode: 200 }, msg: 'request completed' });
    expect(ok.req).toEqual({ id: 'log-test-request-0002', method: 'GET', path: '/api/v1/admin/agencies' });
    expect(typeof ok.responseTime).toBe('number');
    expect(of('log-test-request-0003')).toEqual([expect.objectContaining({ level: 40, res: { statusCode: 401 }, msg: 'request completed' })]);
    expect(of('log-test-request-0004')).toEqual([]); // liveness probes are not logged
  });
});
