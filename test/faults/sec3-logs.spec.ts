import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS } from '../../src/seed/demo-data';
import { anonymousPublicContact, familyContact, tag } from '../factories/contact-bodies';
import { waitFor } from '../utils/test-app';
import { faultHarness } from './support/fault-harness';
import { call, login } from './support/http';
import { freePort, serviceEnv, startApi, startWorker, uniquePrefix, waitReady } from './support/processes';

/** Keys whose string values are personal data or narrative in the bodies below (SPEC SEC-3). */
const PERSONAL = /^(firstName|lastName|aliases|dateOfBirth|expectedDeliveryDate|postcode|line1|line2|description|harm|whatShouldHappen|reason|note|summary|phone|name|nhsNumber|communicationNeeds)$/;

function personalValues(value: unknown, key = '', out = new Set<string>()): Set<string> {
  if (typeof value === 'string' && PERSONAL.test(key) && value.length >= 6) {
    out.add(value);
    // Also the pieces a logger might print on their own: a line of narrative, a postcode tidied up.
    for (const line of value.split('\n')) if (line.length >= 12) out.add(line);
    if (key === 'postcode') out.add(value.toUpperCase().replace(/\s+/g, ' '));
  } else if (Array.isArray(value)) value.forEach((v) => personalValues(v, key, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) personalValues(v, k, out);
  return out;
}

/**
 * SPEC SEC-3: a representative flow against the built API and worker with LOG_LEVEL=debug and
 * LOG_FILE set (intake by a professional and by the public, a read, added information, an agency
 * check and its answer, bad requests that echo nothing, the worker relaying and e-mailing the
 * acknowledgement), then every seeded name, date of birth, postcode, narrative phrase, password and
 * token is searched for in both log files: none may appear.
 */
describe('SEC-3: no personal data or tokens in the logs, at debug level', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mash-faults-logs-'));
  const apiLog = join(dir, 'api.log');
  const workerLog = join(dir, 'worker.log');
  const harness = faultHarness();

  it('a whole intake-to-acknowledgement flow logs none of the seeded values', async () => {
    const { smtp, db } = harness;
    const port = await freePort();
    const base = { redisUrl: process.env.REDIS_URL!, smtpUrl: smtp.url, queuePrefix: uniquePrefix('logs') };
    const api = startApi(serviceEnv({ ...base, extra: { LOG_LEVEL: 'debug', LOG_FILE: apiLog } }, port));
    const worker = startWorker(serviceEnv({ ...base, extra: { LOG_LEVEL: 'debug', LOG_FILE: workerLog } }));
    await waitReady(port, api);

    const tokens = { referrer: await login(port, 'referrer'), worker: await login(port, 'mash_worker'), partner: await login(port, 'partner') };
    const family = familyContact(tag());
    const created = await call(port, 'POST', '/api/v1/contacts?firstName=' + encodeURIComponent(family.subjects[0].firstName!), { token: tokens.referrer, body: family });
    expect(created.status).toBe(201);
    const contactId = (created.body as { id: string }).id;
    const publicBody = anonymousPublicContact(tag());
    const pub = await call(port, 'POST', '/api/v1/public/contacts', { body: publicBody });
    expect(pub.status).toBe(201);
    const { reference, trackingToken } = pub.body as { reference: string; trackingToken: string };

    const info = { note: `Amy told the teacher again today that Ed hurt her mum (${tag()})` };
    expect((await call(port, 'POST', `/api/v1/contacts/${contactId}/information`, { token: tokens.referrer, body: info })).status).toBe(201);
    expect((await call(port, 'GET', `/api/v1/contacts/${contactId}`, { token: tokens.worker })).status).toBe(200);
    expect((await call(port, 'GET', `/api/v1/public/contacts/${reference}/status`, { headers: { 'x-tracking-token': trackingToken } })).status).toBe(200);
    const hv = ((await call(port, 'GET', '/api/v1/me', { token: tokens.partner })).body as { agencyId: string }).agencyId;
    const checkBody = { agencyId: hv, reason: `Health visiting history for Amy ${tag()}`, questions: ['Is the family known to you?'], lawfulBasis: 'Children Act 1989 s.47' };
    const check = await call(port, 'POST', `/api/v1/contacts/${contactId}/checks`, { token: tokens.worker, body: checkBody });
    expect(check.status).toBe(201);
    const answer = { status: 'returned', summary: `Mother seen at home on 3 May, Ed present and hostile (${tag()})` };
    expect((await call(port, 'POST', `/api/v1/checks/${(check.body as { id: string }).id}/response`, { token: tokens.partner, body: answer })).status).toBe(200);
    // Rejected bodies: the validation answer may name fields, the log must not carry their values.
    const bad = { ...family, subjects: [{ ...family.subjects[0], dateOfBirth: '2099-01-01' }], unknownField: family.household[0].firstName };
    expect((await call(port, 'POST', '/api/v1/contacts', { token: tokens.referrer, body: bad })).status).toBeGreaterThanOrEqual(400);
    expect((await call(port, 'POST', '/api/v1/contacts', { token: tokens.referrer, body: `{"subjects":[{"firstName":"${family.subjects[1].firstName}"` })).status).toBe(400);
    const wrongPassword = `Wrong-${tag()}-Password!`;
    expect((await call(port, 'POST', '/api/v1/auth/token', { body: { email: 'referrer@mash.localhost', password: wrongPassword } })).status).toBe(401);

    // The worker relays the outbox and e-mails the acknowledgement (a debug-level path of its own).
    await waitFor(async () => smtp.messages.length > 0, 30_000, 'the acknowledgement e-mail');
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'contactId' = $1 AND dispatched_at IS NULL`, [contactId]);
      return rows[0].n === 0;
    }, 30_000, 'the outbox relayed');
    api.signal('SIGTERM');
    worker.signal('SIGTERM');
    await Promise.all([api.waitExit(10_000), worker.waitExit(10_000)]);

    const secrets = new Set<string>([
      ...personalValues(family), ...personalValues(publicBody), ...personalValues(info), ...personalValues(checkBody), ...personalValues(answer),
      trackingToken, wrongPassword, ...Object.values(tokens), ...Object.values(tokens).map((t) => t.split('.')[2]),
      ...DEMO_USERS.map((u) => u.password),
    ]);
    expect(secrets.size).toBeGreaterThan(40); // names, dates, postcodes, narrative, tokens, passwords
    for (const file of [apiLog, workerLog]) {
      expect(existsSync(file)).toBe(true);
      const log = readFileSync(file, 'utf8');
      expect(log.length).toBeGreaterThan(0); // the flow was logged ...
      const leaked = [...secrets].filter((s) => log.includes(s));
      expect({ file, leaked }).toEqual({ file, leaked: [] }); // ... without the seeded values
    }
    expect(readFileSync(apiLog, 'utf8')).toContain('/api/v1/contacts');
  });
});
