/**
 * PERF-3 bench: time to provisional grade. Submits contacts at a steady rate (default 200/s for
 * 60 s) and measures, from the database, the time from receipt (contact.received_at) to the grade
 * being stored (subject_grade.created_at), plus the triage queue depth and pending outbox rows once a
 * second, so "the queue does not grow" can be read off.
 *
 *   npm run bench:triage                      POST /api/v1/contacts (needs the intake issue, #3)
 *   npm run bench:triage -- --source=db       contact rows + outbox row in one transaction, exactly
 *                                             what intake commits, without HTTP (works without #3)
 *
 * It starts its own worker (and API, for --source=http) from dist/ against BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/mash_bench; created, migrated and seeded if missing)
 * with a fresh BullMQ prefix, and stops them at the end. Baseline, same run: the latency of a
 * one-row INSERT ... COMMIT on the same database at the same rate (the floor of any "stored" figure).
 * Options: --rate=200 --seconds=60 --source=http|db --workers=1 (worker processes; OPS-7 scale-out);
 * env BENCH_DATABASE_URL, REDIS_URL.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Pool } from 'pg';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')) as [string, string][]);
const RATE = Number(args.rate ?? 200);
const SECONDS = Number(args.seconds ?? 60);
const SOURCE = (args.source ?? 'http') as 'http' | 'db';
const WORKERS = Number(args.workers ?? 1);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bench-${randomBytes(3).toString('hex')}`;
const RUN = randomBytes(3).toString('hex');
const ROOT = join(__dirname, '..', '..', '..', '..'); // dist/bench-triage/bench/triage -> project root
const DIST = join(ROOT, 'dist', 'src');

const CONCERNS = ['injury', 'da_incident', 'neglect_indicator', 'parental_mental_health', 'sexual_abuse', 'home_conditions', 'self_harm', 'was_not_brought'];

interface Sample {
  t: number;
  waiting: number;
  active: number;
  outboxPending: number;
  submitted: number;
}

const children: ChildProcess[] = [];
const env = (extra: Record<string, string> = {}) => ({ ...process.env, NODE_ENV: 'development', DATABASE_URL, REDIS_URL, QUEUE_PREFIX: PREFIX, LOG_LEVEL: 'warn', ...extra });

function run(script: string): void {
  const r = spawnSync(process.execPath, [join(DIST, script)], { env: env(), stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
}

function start(script: string, extra: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [join(DIST, script)], { env: env(extra), stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function stopAll(): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const concern = (i: number) => CONCERNS[((i % CONCERNS.length) + CONCERNS.length) % CONCERNS.length];
const dob = (i: number) => new Date(Date.UTC(2010 + Math.abs(i % 15), Math.abs(i % 12), 1 + Math.abs(i % 27))).toISOString().slice(0, 10);

/** The intake contract (API.md "Contacts", create body). */
function contactBody(i: number) {
  return {
    channel: 'professional',
    referrer: { name: 'Bench Referrer', role: 'Designated Safeguarding Lead', phone: '01632 960000', email: 'bench@school.localhost', relationshipToChild: 'teacher' },
    referralSource: '2A',
    referrerView: { isChildProtection: false, harm: 'bench', whatShouldHappen: 'bench', urgency: 'routine' },
    consent: { status: 'given', reason: 'bench' },
    subjects: [{ firstName: `Bench${i}`, lastName: `Child${RUN}`, aliases: [], dateOfBirth: dob(i), expectedDeliveryDate: null, sex: 'F', nhsNumber: null, address: { line1: '1 Bench Street', postcode: 'ZZ1 1ZZ', type: 'permanent' }, school: null, gpPractice: null, communicationNeeds: null, seenByReferrer: true }],
    household: [{ firstName: 'Bench', lastName: `Parent${RUN}`, dateOfBirth: null, relationship: 'mother', resident: true, parentalResponsibility: 'yes', knownRisks: [] }],
    concerns: [{ category: concern(i), cinFactorCode: null, description: 'Bench concern', incidentDate: null, subjectIndexes: [0] }],
    evidence: [],
  };
}

/** What intake commits for a contact, in one statement (one transaction). */
const INSERT_CONTACT = `
  WITH c AS (
    INSERT INTO contact (reference, channel, status, received_at, referrer_type, anonymous, urgency)
    VALUES ($1, 'professional', 'received', clock_timestamp(), 'professional', false, 'routine') RETURNING id),
  s AS (INSERT INTO contact_subject (contact_id, position, first_name, last_name, date_of_birth, sex) SELECT id, 0, $2, $3, $4::date, 'F' FROM c),
  k AS (INSERT INTO contact_concern (contact_id, position, category, description) SELECT id, 0, $5, 'Bench concern' FROM c),
  o AS (INSERT INTO outbox (queue, job_name, job_id, payload) SELECT 'triage', 'contact.received', 'triage.' || id, jsonb_build_object('contactId', id) FROM c)
  SELECT id FROM c`;

async function main(): Promise<void> {
  console.log(`triage bench: ${RATE}/s for ${SECONDS} s, source=${SOURCE}, ${WORKERS} worker process(es), database ${new URL(DATABASE_URL).pathname.slice(1)}, queue prefix ${PREFIX}`);
  run('migrate.js');
  run('seed.js');
  const pool = new Pool({ connectionString: DATABASE_URL, max: 12 });
  const queue = new Queue('triage', { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix: PREFIX });

  // Baseline, same run: one-row INSERT+COMMIT latency at the same rate for 5 s.
  const table = `bench_baseline_${RUN}`;
  await pool.query(`CREATE TABLE ${table} (id bigserial primary key, at timestamptz DEFAULT clock_timestamp())`);
  const baseline: number[] = [];
  const baselineEnd = Date.now() + 5000;
  const pendingBaseline: Promise<void>[] = [];
  for (let next = Date.now(); next < baselineEnd; next += 1000 / RATE) {
    await sleep(Math.max(0, next - Date.now()));
    const t0 = performance.now();
    pendingBaseline.push(pool.query(`INSERT INTO ${table} DEFAULT VALUES`).then(() => void baseline.push(performance.now() - t0)));
  }
  await Promise.all(pendingBaseline);
  await pool.query(`DROP TABLE ${table}`);

  for (let w = 0; w < WORKERS; w++) start('worker.js');
  let submit: (i: number) => Promise<string | undefined>;
  if (SOURCE === 'http') {
    const port = await freePort();
    start('main.js', { PORT: String(port), PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000' });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false);
      if (ok) break;
      if (i > 300) throw new Error('the API did not become ready');
      await sleep(100);
    }
    const login = await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'referrer@mash.localhost', password: 'Referrer-dev-2026!' }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const probe = await fetch(`${base}/api/v1/contacts`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(contactBody(0)) });
    if (probe.status === 404) {
      throw new Error('POST /api/v1/contacts answered 404: contact intake (issue #3) is not in this build. Run with --source=db to measure grading without HTTP intake.');
    }
    if (probe.status !== 201) throw new Error(`POST /api/v1/contacts answered ${probe.status}: ${await probe.text()}`);
    submit = async (i) => {
      const res = await fetch(`${base}/api/v1/contacts`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `${RUN}-${i}` }, body: JSON.stringify(contactBody(i)) });
      if (res.status !== 201) return undefined;
      return ((await res.json()) as { id: string }).id;
    };
  } else {
    submit = async (i) => (await pool.query(INSERT_CONTACT, [`BENCH-${RUN}-${i}`, `Bench${i}`, `Child${RUN}`, dob(i), concern(i)])).rows[0].id;
  }

  // Warm-up: one contact graded end to end before the clock starts.
  const warm = await submit(-1);
  for (let i = 0; warm && i < 600; i++) {
    if ((await pool.query('SELECT 1 FROM subject_grade WHERE contact_id = $1', [warm])).rowCount) break;
    await sleep(100);
  }

  const ids: string[] = [];
  let failed = 0;
  let submitted = 0;
  const samples: Sample[] = [];
  const t0 = Date.now();
  const sampler = setInterval(async () => {
    const [counts, outbox] = await Promise.all([queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'), pool.query('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL')]);
    samples.push({ t: Math.round((Date.now() - t0) / 1000), waiting: counts.waiting + counts.delayed + counts.prioritized, active: counts.active, outboxPending: outbox.rows[0].n, submitted });
  }, 1000);
  const inflight: Promise<void>[] = [];
  const total = RATE * SECONDS;
  for (let i = 0; i < total; i++) {
    await sleep(Math.max(0, t0 + (i * 1000) / RATE - Date.now()));
    submitted++;
    inflight.push(
      submit(i)
        .then((id) => (id ? void ids.push(id) : void failed++))
        .catch(() => void failed++),
    );
  }
  await Promise.all(inflight);
  const loadSeconds = (Date.now() - t0) / 1000;

  // Drain: wait until every accepted contact has a stored grade (or 60 s).
  const drainStart = Date.now();
  let graded = 0;
  for (;;) {
    graded = (await pool.query('SELECT count(DISTINCT contact_id)::int AS n FROM subject_grade WHERE contact_id = ANY($1::uuid[])', [ids])).rows[0].n;
    if (graded >= ids.length || Date.now() - drainStart > 60_000) break;
    await sleep(250);
  }
  clearInterval(sampler);

  const { rows } = await pool.query(
    `SELECT extract(epoch FROM (min(g.created_at) - c.received_at)) * 1000 AS ms
       FROM contact c JOIN subject_grade g ON g.contact_id = c.id WHERE c.id = ANY($1::uuid[]) GROUP BY c.id, c.received_at`,
    [ids],
  );
  const latencies = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  const base = baseline.sort((a, b) => a - b);
  const depth = samples.map((s) => s.waiting + s.active);
  const firstHalf = depth.slice(0, Math.floor(depth.length / 2));
  const secondHalf = depth.slice(Math.floor(depth.length / 2));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');

  console.log('\n| PERF-3: receipt to provisional grade stored | value |');
  console.log('|---|---|');
  console.log(`| source | ${SOURCE === 'http' ? 'POST /api/v1/contacts' : 'contact + outbox rows in one transaction (intake without HTTP)'} |`);
  console.log(`| worker processes | ${WORKERS} |`);
  console.log(`| offered rate / achieved | ${RATE}/s / ${(submitted / loadSeconds).toFixed(1)}/s over ${loadSeconds.toFixed(1)} s |`);
  console.log(`| contacts accepted / failed / graded | ${ids.length} / ${failed} / ${graded} |`);
  console.log(`| latency p50 / p95 / p99 / max (ms) | ${f(percentile(latencies, 50))} / ${f(percentile(latencies, 95))} / ${f(percentile(latencies, 99))} / ${f(latencies[latencies.length - 1])} |`);
  console.log(`| baseline: 1-row INSERT+COMMIT p50 / p95 (ms), same DB, same rate | ${f(percentile(base, 50))} / ${f(percentile(base, 95))} |`);
  console.log(`| p95 / baseline p95 | ${(percentile(latencies, 95) / percentile(base, 95)).toFixed(1)}x |`);
  console.log(`| queue depth (waiting+active) mean 1st half / 2nd half / max | ${mean(firstHalf).toFixed(1)} / ${mean(secondHalf).toFixed(1)} / ${Math.max(0, ...depth)} |`);
  console.log(`| outbox pending max | ${Math.max(0, ...samples.map((s) => s.outboxPending))} |`);
  console.log(`| target PERF-3: p95 < 300 ms, queue not growing | ${percentile(latencies, 95) < 300 && mean(secondHalf) <= mean(firstHalf) + 5 ? 'met' : 'NOT met'} |`);
  if (process.env.BENCH_RESULT_FILE) {
    // Read by bench/run-all.js (npm run bench).
    const p95 = percentile(latencies, 95);
    const baseP95 = percentile(base, 95);
    const met = p95 < 300 && mean(secondHalf) <= mean(firstHalf) + 5 && graded === ids.length;
    writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify({ bench: 'triage', figures: [
      { id: 'PERF-3', figure: `201 to grade stored at ${RATE}/s (${SOURCE}), queue 1st/2nd half ${mean(firstHalf).toFixed(1)}/${mean(secondHalf).toFixed(1)}`, measured: `p95 ${f(p95)} ms`, target: 'p95 < 300 ms, queue not growing', baseline: `1-row INSERT p95 ${f(baseP95)} ms`, ratio: `${(p95 / baseP95).toFixed(1)}x`, met },
    ] }));
  }
  console.log('\nqueue over time, every 5 s (t: waiting+active (active) / outbox pending):');
  console.log(samples.filter((s) => s.t % 5 === 0).map((s) => `${s.t}s: ${s.waiting + s.active} (${s.active}) / ${s.outboxPending}`).join('   '));

  await queue.close();
  await pool.end();
}

main()
  .catch((error) => {
    console.error(`triage bench failed: ${(error as Error).message}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    process.exit(); // the pool and queue of a failed run may still be open
  });
