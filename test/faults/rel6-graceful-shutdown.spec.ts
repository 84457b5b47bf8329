import { Client } from 'pg';
import { SmtpCapture } from '../utils/smtp-capture';
import { waitFor } from '../utils/test-app';
import { login } from './support/http';
import { contactLoad } from './support/load';
import { FAULTS_DATABASE_URL, freePort, killAll, serviceEnv, ServiceProcess, sleep, startApi, startWorker, uniquePrefix, waitReady } from './support/processes';
import { QueueProbe } from './support/queues';

/**
 * SPEC REL-6: SIGTERM to the API and the worker while contacts are arriving. Requests already sent
 * complete (201, no reset connection); both processes exit within 10 s; the worker leaves no job
 * active; every accepted contact has its outbox rows, and a restarted worker dispatches all of them.
 */
describe('REL-6: graceful shutdown under load', () => {
  let smtp: SmtpCapture;
  let db: Client;
  let probe: QueueProbe;
  const redisUrl = process.env.REDIS_URL!;
  const prefix = uniquePrefix('shutdown');

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    db = new Client({ connectionString: FAULTS_DATABASE_URL });
    await db.connect();
    probe = new QueueProbe(redisUrl, prefix);
  });

  afterAll(async () => {
    await killAll();
    await probe?.close();
    await db?.end();
    await smtp?.close();
  });

  it('in-flight requests complete, both processes exit within 10 s, no outbox row or job is lost', async () => {
    const port = await freePort();
    const env = serviceEnv({ redisUrl, smtpUrl: smtp.url, queuePrefix: prefix }, port);
    const api = startApi(env);
    let worker: ServiceProcess = startWorker(env);
    await waitReady(port, api);
    const token = await login(port, 'referrer');

    const load = contactLoad(port, token, 6);
    // The worker is up once it has relayed the first contacts' outbox rows.
    await waitFor(async () => {
      const ids = load.accepted();
      if (ids.length < 5) return false;
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'contactId' = $1 AND dispatched_at IS NOT NULL`, [ids[0]]);
      return rows[0].n > 0;
    }, 30_000, 'the worker relaying the first contacts');
    await sleep(1000);

    const signalledAt = Date.now();
    api.signal('SIGTERM');
    worker.signal('SIGTERM');
    const [apiExit, workerExit] = await Promise.all([api.waitExit(10_000), worker.waitExit(10_000)]);
    await load.stop();

    // Nest's shutdown hook re-raises the signal after closing, so "killed by SIGTERM" is a clean exit too.
    for (const exit of [apiExit, workerExit]) expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    const before = load.sent.filter((s) => s.startedAt < signalledAt);
    expect(before.length).toBeGreaterThan(20);
    expect(before.filter((s) => s.status !== 201).map((s) => s.error ?? s.status)).toEqual([]);
    expect(await probe.active()).toBe(0);

    // Every acknowledged contact is stored with both outbox rows (triage and acknowledgement).
    const accepted = load.accepted();
    const { rows } = await db.query(
      `SELECT c.id, count(o.id)::int AS outbox FROM unnest($1::uuid[]) AS a(id) LEFT JOIN contact c ON c.id = a.id
         LEFT JOIN outbox o ON o.payload->>'contactId' = a.id::text GROUP BY c.id`,
      [accepted],
    );
    expect(rows.filter((r) => r.id === null || r.outbox !== 2)).toEqual([]);
    expect(rows).toHaveLength(accepted.length);

    // A restarted worker dispatches whatever was left, and every job is in BullMQ.
    worker = startWorker(env);
    await waitFor(async () => {
      const left = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'contactId' = ANY($1) AND dispatched_at IS NULL`, [accepted]);
      return left.rows[0].n === 0;
    }, 30_000, 'every outbox row dispatched after the restart');
    // Rows claimed together went as one job carrying all their payloads (the relay's batches).
    const rows2 = await db.query(`SELECT queue, job_name, payload->>'contactId' AS contact_id FROM outbox WHERE payload->>'contactId' = ANY($1)`, [accepted]);
    const carried = new Map<string, Set<string>>();
    const missing: string[] = [];
    for (const r of rows2.rows) {
      const key = `${r.queue}/${r.job_name}`;
      if (!carried.has(key)) carried.set(key, await probe.contactsCarried(r.queue, r.job_name));
      if (!carried.get(key)!.has(r.contact_id)) missing.push(`${key}/${r.contact_id}`);
    }
    expect(rows2.rows).toHaveLength(accepted.length * 2);
    expect(missing).toEqual([]);
    worker.signal('SIGTERM');
    await worker.waitExit(10_000);
  });
});
