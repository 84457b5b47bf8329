import { spawnSync } from 'node:child_process';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { variedContact } from '../factories/contact-bodies';
import { waitFor } from '../utils/test-app';
import { faultHarness } from './support/fault-harness';
import { gradedTwice, gradingOf, notGradedOnce } from './support/grading';
import { call, login } from './support/http';
import { FAULTS_DATABASE_URL, freePort, serviceEnv, startApi, startWorker, uniquePrefix, waitReady } from './support/processes';
import { startRedis } from './support/redis-server';

const CONTACTS = 20;

function redisCli(port: number, ...args: string[]): void {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
  if (r.status !== 0 || r.stdout.trim() !== 'OK') throw new Error(`redis-cli ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}
/** BullMQ hands a killed worker's job out again after its lock expires and two stalled checks: up to 90 s. */
const RECOVERY_MS = 150_000;

/**
 * SPEC REL-3 with batch grading: contacts received while no worker runs are relayed together as one
 * job, graded in one transaction. The worker is killed with SIGKILL while that transaction is open,
 * and, in a second run, after it committed but before BullMQ heard the job was done. Either way,
 * once a worker runs again, every contact is graded exactly once: one grade per child, one decision
 * clock per contact, one `contact.graded` event.
 */
describe('REL-3: kill -9 the worker before and after a batch of grades commits', () => {
  const harness = faultHarness();

  /** Stored contacts, their outbox rows waiting for a worker; a test transaction holds one contact's row so the batch blocks on it. */
  async function scenario(name: string) {
    const { smtp, db } = harness;
    const redis = await startRedis();
    const port = await freePort();
    const prefix = uniquePrefix(name);
    const env = serviceEnv({ redisUrl: redis.url, smtpUrl: smtp.url, queuePrefix: prefix }, port);
    const api = startApi(env);
    await waitReady(port, api);
    const token = await login(port, 'referrer');
    const ids: string[] = [];
    for (let i = 0; i < CONTACTS; i++) {
      const res = await call(port, 'POST', '/api/v1/contacts', { token, body: variedContact() });
      expect(res.status).toBe(201);
      ids.push((res.body as { id: string }).id);
    }
    const blocker = new Client({ connectionString: FAULTS_DATABASE_URL });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM contact WHERE id = $1 FOR UPDATE', [ids[CONTACTS - 1]]);
    const queue = new Queue('triage', { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix });
    const worker = startWorker(env);
    // The grading transaction waits on the held row: the batch is open, nothing of it committed.
    await waitFor(async () => (await db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount! > 0, 60_000, 'the batch to wait on the held row');
    const [batch] = (await queue.getJobs(['active'])).filter((j) => Array.isArray(j.data.batch));
    expect(batch.data.batch.map((p: { contactId: string }) => p.contactId).sort()).toEqual([...ids].sort());
    return { env, redis, api, worker, ids, blocker, queue, batchId: batch.id! };
  }

  async function expectGradedOnce(db: Client, ids: string[]) {
    const grading = await gradingOf(db, ids);
    expect(gradedTwice(grading)).toEqual([]);
    expect(notGradedOnce(grading)).toEqual([]);
    const clocks = (await db.query(`SELECT a.id::text AS id, (SELECT count(*)::int FROM sla_clock k WHERE k.contact_id = a.id AND k.kind = 'decision_due') AS n FROM unnest($1::uuid[]) AS a(id)`, [ids])).rows;
    expect(clocks.filter((c) => c.n !== 1)).toEqual([]);
  }

  it('killed before the batch commits: nothing of it is stored, and the restarted worker grades every contact once', async () => {
    const { db } = harness;
    const { env, worker, ids, blocker, queue, batchId } = await scenario('batch-kill-before');
    await worker.kill9();
    await blocker.query('ROLLBACK');
    await blocker.end();
    // The killed worker's transaction never committed.
    await waitFor(async () => (await db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount === 0, 30_000, 'the orphaned transaction to end');
    expect((await gradingOf(db, ids)).filter((r) => r.triaged > 0 || r.grades > 0)).toEqual([]);

    const restarted = startWorker(env);
    await waitFor(async () => notGradedOnce(await gradingOf(db, ids)).length === 0, RECOVERY_MS, 'every contact graded after the restart');
    await expectGradedOnce(db, ids);
    const job = await waitFor(async () => {
      const j = await queue.getJob(batchId);
      // Read again once completed: the first read may predate the completion (returnvalue still null).
      return j && (await j.isCompleted()) ? queue.getJob(batchId) : undefined;
    }, 30_000, 'the batch job to complete');
    // (The sweeper may have queued some of them again meanwhile: whichever job comes first grades a contact.)
    expect(job.returnvalue).toMatchObject({ outcome: 'graded', retrying: 0 });
    await queue.close();
    // The next test's contacts are for its own worker's relay.
    await restarted.kill9();
  }, 300_000);

  it('killed after the batch commits, before the queue hears of it: the job runs again and grades nothing twice', async () => {
    const { db } = harness;
    const { env, redis, worker, ids, blocker, queue, batchId } = await scenario('batch-kill-after');
    // Redis holds every write (CLIENT PAUSE WRITE): the worker can commit the batch, but its "job
    // done" waits in Redis, and dies with its connection.
    redisCli(redis.port, 'CLIENT', 'PAUSE', '120000', 'WRITE');
    await blocker.query('ROLLBACK');
    await blocker.end();
    await waitFor(async () => notGradedOnce(await gradingOf(db, ids)).length === 0, 30_000, 'the batch to commit');
    await worker.kill9();
    redisCli(redis.port, 'CLIENT', 'UNPAUSE');
    expect(await (await queue.getJob(batchId))!.getState()).toBe('active');

    const restarted = startWorker(env);
    const job = await waitFor(async () => {
      const j = await queue.getJob(batchId);
      // Read again once completed: the first read may predate the completion (returnvalue still null).
      return j && (await j.isCompleted()) ? queue.getJob(batchId) : undefined;
    }, RECOVERY_MS, 'the batch job to run again and complete');
    // It ran again after the kill and found every contact graded.
    expect(job.returnvalue).toEqual({ outcome: 'graded', graded: 0, retrying: 0 });
    await expectGradedOnce(db, ids);
    await queue.close();
    await restarted.kill9();
  }, 300_000);
});
