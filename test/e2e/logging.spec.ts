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
});
