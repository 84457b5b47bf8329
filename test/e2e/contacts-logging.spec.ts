import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, TestApi } from '../utils/test-app';
import { dateFromToday } from '../factories/contact-bodies';

describe('Intake logs no personal data and no tokens (SPEC SEC-3)', () => {
  const logFile = join(tmpdir(), `mash-intake-log-${process.pid}-${Date.now()}.log`);
  const saved = { file: process.env.LOG_FILE, level: process.env.LOG_LEVEL };
  let api: TestApi;
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

  it('accepted, refused and public contacts, and status checks, leave names, narrative, NHS numbers and tokens out of the log', async () => {
    const secrets = { first: 'Quillonia', last: 'Vardenbrook', narrative: 'Xylophonic-bruising-narrative', nhs: '9434765919', postcode: 'QX9 9ZZ' };
    const body = {
      channel: 'professional',
      subjects: [{ firstName: secrets.first, lastName: secrets.last, nhsNumber: secrets.nhs, dateOfBirth: dateFromToday({ years: -5 }), address: { postcode: secrets.postcode } }],
      concerns: [{ category: 'injury', description: secrets.narrative }],
    };
    const token = `Bearer ${await api.tokenFor('referrer')}`;
    expect((await api.http.post('/api/v1/contacts').set('Authorization', token).set('X-Request-Id', 'intake-log-test-0001').send(body)).status).toBe(201);
    const refused = { ...body, subjects: [{ ...body.subjects[0], dateOfBirth: '1990-01-01' }] };
    expect((await api.http.post('/api/v1/contacts').set('Authorization', token).send(refused)).status).toBe(422);
    const pub = await api.http.post('/api/v1/public/contacts').send({ subjects: body.subjects, concerns: body.concerns, referrer: { name: secrets.first, phone: '07700 900999' } });
    expect(pub.status).toBe(201);
    expect((await api.http.get(`/api/v1/public/contacts/${pub.body.reference}/status`).set('X-Tracking-Token', pub.body.trackingToken)).status).toBe(200);

    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('intake-log-test-0001');
    for (const secret of [...Object.values(secrets), '07700 900999', pub.body.trackingToken]) expect(log).not.toContain(secret);
  });
});
