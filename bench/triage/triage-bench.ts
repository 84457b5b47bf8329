/**
 * PERF-3 bench: time to provisional grade. Posts contacts to POST /api/v1/contacts at a steady rate
 * (default 200/s for 60 s) and measures, from the database, the time from receipt
 * (contact.received_at) to the grade being stored (subject_grade.created_at), plus, once a second,
 * the work waiting anywhere in the pipeline: triage outbox rows not yet relayed and triage jobs
 * waiting or active, so "the queue does not grow" can be read off.
 *
 * Bodies are the realistic, seeded contact stream of bench/intake/bodies.js (families with one to
 * three children and two or three adults, a quarter of them referred before), so person matching,
 * relationships and flags do the work they do in production. The bench database
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/mash_bench) is dropped and created
 * afresh each run, so every run starts from the same state and runs are comparable.
 *
 * It starts its own API and worker(s) from dist/ with a fresh BullMQ prefix and stops them at the end.
 * Baseline, same run: the latency of a one-row INSERT ... COMMIT on the same database at the same
 * rate (the floor of any "stored" figure).
 * Options: --rate=200 --seconds=60 --workers=1 (worker processes; OPS-7 scale-out);
 * env BENCH_DATABASE_URL, REDIS_URL, BENCH_SEED, BENCH_PROFILE_DIR (CPU profiles of API and worker).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Pool } from 'pg';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')) as [string, string][]);
const RATE = Number(args.rate ?? 200);
const SECONDS = Number(args.seconds ?? 60);
const WORKERS = Number(args.workers ?? 1);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bench-${randomBytes(3).toString('hex')}`;
const RUN = randomBytes(3).toString('hex');
const ROOT = join(__dirname, '..', '..', '..', '..'); // dist/bench-triage/bench/triage -> project root
const DIST = join(ROOT, 'dist', 'src');

// The shared body generator is plain JavaScript, loaded from the project root (tsc does not copy it into dist/bench-triage).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ContactStream } = require(join(ROOT, 'bench', 'intake', 'bodies.js')) as { ContactStream: new () => { body(channel: string): object } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cpuSeconds, serverCpuSeconds, rssMb } = require(join(ROOT, 'bench', 'shared', 'proc.js')) as {
  cpuSeconds: (pid: number) => number;
  serverCpuSeconds: (comm: string) => number;
  rssMb: (pid: number) => number;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dropBenchDatabase } = require(join(ROOT, 'bench', 'shared', 'bench-database.js')) as { dropBenchDatabase: (url: string) => Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { percentile } = require(join(ROOT, 'bench', 'shared', 'stats.js')) as { percentile: (sorted: number[], p: number) => number };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { apiNodeFlags } = require(join(ROOT, 'bench', 'shared', 'node-flags.js')) as { apiNodeFlags: () => string[] };

interface Sample {
  t: number;
  waiting: number;
  active: number;
  outboxPending: number;
  submitted: number;
}

const children: ChildProcess[] = [];
let smtpUrl = 'smtp://127.0.0.1:1025';
const env = (extra: Record<string, string> = {}) => ({ ...process.env, NODE_ENV: 'development', DATABASE_URL, REDIS_URL, QUEUE_PREFIX: PREFIX, SMTP_URL: smtpUrl, LOG_LEVEL: 'warn', ...extra });

/** A mail server that accepts and discards: acknowledgements are sent once, as in production, instead of failing and being retried. */
async function startSmtpSink(): Promise<SMTPServer> {
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (stream, _session, done) => stream.on('end', () => done()).resume() });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return server;
}

/** What autovacuum would do now, with its default thresholds: VACUUM tables with many dead rows, ANALYZE tables that changed. */
async function autovacuumStandIn(pool: Pool): Promise<void> {
  const { rows } = await pool.query(
    `SELECT relname, n_dead_tup > 50 + 0.2 * n_live_tup AS vacuum, n_mod_since_analyze > 50 + 0.1 * n_live_tup AS analyze
       FROM pg_stat_user_tables WHERE n_dead_tup > 50 + 0.2 * n_live_tup OR n_mod_since_analyze > 50 + 0.1 * n_live_tup`,
  );
  for (const t of rows) await pool.query(`${t.vacuum ? 'VACUUM' : ''}${t.vacuum && t.analyze ? ' (ANALYZE)' : t.analyze ? 'ANALYZE' : ''} "${t.relname}"`);
}

function run(script: string): void {
  const r = spawnSync(process.execPath, [join(DIST, script)], { env: env(), stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
}

/** BENCH_PROFILE_DIR=dir: the API and worker write V8 CPU profiles there (read them with bench/profile-summary.js). */
const PROFILE_ARGS = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];

function start(script: string, extra: Record<string, string> = {}): ChildProcess {
  const flags = script === 'main.js' ? apiNodeFlags() : []; // as `npm start` runs the API
  const child = spawn(process.execPath, [...flags, ...PROFILE_ARGS, join(DIST, script)], { env: env(extra), stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

// A bench that dies without reaching stopAll (an uncaught error) must not leave its API and worker running.
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

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

async function main(): Promise<void> {
  console.log(`triage bench: ${RATE}/s for ${SECONDS} s, ${WORKERS} worker process(es), database ${new URL(DATABASE_URL).pathname.slice(1)} (created afresh), queue prefix ${PREFIX}`);
  await dropBenchDatabase(DATABASE_URL); // every run starts from the same (empty) person index; migrate.js creates it
  const smtp = await startSmtpSink();
  run('migrate.js');
  run('seed.js');
  const pool = new Pool({ connectionString: DATABASE_URL, max: 12 });
  pool.on('error', (error) => console.error(`bench database connection lost: ${error.message}`)); // an idle client's error must not kill the bench before it stops its children
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

  const workers = Array.from({ length: WORKERS }, () => start('worker.js'));
  // Every body is made and serialised before the clock starts, so the load generator spends its time sending.
  const stream = new ContactStream();
  const bodies = Array.from({ length: RATE * SECONDS + 1 }, () => JSON.stringify(stream.body('professional')));
  const port = await freePort();
  const apiProcess = start('main.js', { PORT: String(port), PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000' });
  const api = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${api}/health/ready`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (i > 300) throw new Error('the API did not become ready');
    await sleep(100);
  }
  const login = await fetch(`${api}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'referrer@mash.localhost', password: 'Referrer-dev-2026!' }) });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  // Keep-alive node:http rather than fetch: the load generator shares the 2 cores with what it measures.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const submit = (body: string, key: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, 'idempotency-key': key };
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/contacts', method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode === 201) resolve((JSON.parse(text) as { id: string }).id);
          else reject(new Error(`POST /api/v1/contacts answered ${res.statusCode}: ${text}`));
        });
      });
      req.on('error', reject);
      req.end(body);
    });

  // Warm-up: one contact graded end to end before the clock starts.
  const warm = await submit(bodies[RATE * SECONDS], `${RUN}-warm-up`);
  for (let i = 0; warm && i < 600; i++) {
    if ((await pool.query('SELECT 1 FROM subject_grade WHERE contact_id = $1', [warm])).rowCount) break;
    await sleep(100);
  }

  // PERF-7: each process's resident memory, after the warm-up and at its highest under load.
  const rssNow = () => ({ api: rssMb(apiProcess.pid!), worker: Math.max(...workers.map((w) => rssMb(w.pid!))) });
  const rssWarm = rssNow();
  const rssPeak = { ...rssWarm };
  const ids: string[] = [];
  let failed = 0;
  let submitted = 0;
  const samples: Sample[] = [];
  // Production PostgreSQL runs autovacuum: it vacuums a table once 50 rows + 20% of it are dead and
  // analyzes it once 50 rows + 10% have changed, so dead rows are reclaimed and plans follow the tables
  // as they grow. Where it is off (the development machines), the bench applies the same rules every
  // 15 s; otherwise queue-like tables (outbox, the audit sealer's work list) bloat and every plan is
  // made for the empty tables of a fresh database.
  const autovacuum = (await pool.query('SHOW autovacuum')).rows[0].autovacuum === 'on';
  if (!autovacuum) console.log("autovacuum is off on this server: the bench applies autovacuum's vacuum and analyze rules every 15 s");
  const standIn = autovacuum ? undefined : setInterval(() => void autovacuumStandIn(pool).catch(() => undefined), 15_000);
  // CPU of every process on the way to a grade, from the first contact until the last is graded.
  const cpuNow = () => {
    const own = process.cpuUsage();
    return {
      api: cpuSeconds(apiProcess.pid!),
      worker: workers.reduce((sum, w) => sum + cpuSeconds(w.pid!), 0),
      postgres: serverCpuSeconds('postgres'),
      redis: serverCpuSeconds('redis-server'),
      bench: (own.user + own.system) / 1e6,
    };
  };
  const cpuStart = cpuNow();
  const t0 = Date.now();
  const sampler = setInterval(async () => {
    const rss = rssNow();
    rssPeak.api = Math.max(rssPeak.api, rss.api);
    rssPeak.worker = Math.max(rssPeak.worker, rss.worker);
    const [counts, outbox] = await Promise.all([queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'), pool.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'triage' AND dispatched_at IS NULL`)]);
    samples.push({ t: Math.round((Date.now() - t0) / 1000), waiting: counts.waiting + counts.delayed + counts.prioritized, active: counts.active, outboxPending: outbox.rows[0].n, submitted });
  }, 1000);
  const inflight: Promise<void>[] = [];
  const total = RATE * SECONDS;
  for (let i = 0; i < total; i++) {
    await sleep(Math.max(0, t0 + (i * 1000) / RATE - Date.now()));
    submitted++;
    inflight.push(
      submit(bodies[i], `${RUN}-${i}`)
        .then((id) => (id ? void ids.push(id) : void failed++))
        .catch((error: Error) => {
          if (failed++ < 3) console.log(`failed: ${error.message.slice(0, 300)}`);
        }),
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
  const cpuEnd = cpuNow();
  const wallSeconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  clearInterval(standIn);

  const { rows } = await pool.query(
    `SELECT extract(epoch FROM (min(g.created_at) - c.received_at)) * 1000 AS ms
       FROM contact c JOIN subject_grade g ON g.contact_id = c.id WHERE c.id = ANY($1::uuid[]) GROUP BY c.id, c.received_at`,
    [ids],
  );
  const latencies = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  const base = baseline.sort((a, b) => a - b);
  // Work waiting anywhere on the way to a grade: triage rows not yet relayed, and jobs queued or running.
  const depth = samples.map((s) => s.outboxPending + s.waiting + s.active);
  const firstHalf = depth.slice(0, Math.floor(depth.length / 2));
  const secondHalf = depth.slice(Math.floor(depth.length / 2));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');

  console.log('\n| PERF-3: receipt to provisional grade stored | value |');
  console.log('|---|---|');
  console.log('| source | POST /api/v1/contacts, realistic seeded bodies (bench/intake/bodies.js) |');
  console.log(`| worker processes | ${WORKERS} |`);
  console.log(`| offered rate / achieved | ${RATE}/s / ${(submitted / loadSeconds).toFixed(1)}/s over ${loadSeconds.toFixed(1)} s |`);
  console.log(`| contacts accepted / failed / graded | ${ids.length} / ${failed} / ${graded} |`);
  console.log(`| latency p50 / p95 / p99 / max (ms) | ${f(percentile(latencies, 50))} / ${f(percentile(latencies, 95))} / ${f(percentile(latencies, 99))} / ${f(latencies[latencies.length - 1])} |`);
  console.log(`| baseline: 1-row INSERT+COMMIT p50 / p95 (ms), same DB, same rate | ${f(percentile(base, 50))} / ${f(percentile(base, 95))} |`);
  console.log(`| p95 / baseline p95 | ${(percentile(latencies, 95) / percentile(base, 95)).toFixed(1)}x |`);
  console.log(`| backlog (outbox + waiting + active) mean 1st half / 2nd half / max | ${mean(firstHalf).toFixed(1)} / ${mean(secondHalf).toFixed(1)} / ${Math.max(0, ...depth)} |`);
  console.log(`| triage outbox rows pending, max | ${Math.max(0, ...samples.map((s) => s.outboxPending))} |`);
  console.log(`| RSS after warm-up / peak under load, API | ${f(rssWarm.api)} / ${f(rssPeak.api)} MB |`);
  console.log(`| RSS after warm-up / peak under load, worker${WORKERS > 1 ? ' (largest)' : ''} | ${f(rssWarm.worker)} / ${f(rssPeak.worker)} MB (PERF-7 target < 300 MB) |`);
  const perContact = (k: keyof typeof cpuStart) => (((cpuEnd[k] - cpuStart[k]) * 1000) / Math.max(1, graded)).toFixed(2);
  const cpuTotal = (Object.keys(cpuStart) as (keyof typeof cpuStart)[]).reduce((sum, k) => sum + cpuEnd[k] - cpuStart[k], 0);
  // When the drain timed out, the ungraded contacts' intake is in the figures but their grading is not: say so.
  const partly = graded < ids.length ? ` (only ${graded} of ${ids.length} graded: the cost of the rest is partly counted; a rate the pipeline keeps up with gives a clean figure)` : '';
  console.log(`| CPU per graded contact, first contact to last grade (ms): Postgres / worker / API / Redis / this bench | ${perContact('postgres')} / ${perContact('worker')} / ${perContact('api')} / ${perContact('redis')} / ${perContact('bench')}${partly} |`);
  console.log(`| CPU busy over that time, of ${availableParallelism()} cores | ${((100 * cpuTotal) / wallSeconds / availableParallelism()).toFixed(0)}% (${cpuTotal.toFixed(1)} CPU-s in ${wallSeconds.toFixed(1)} s) |`);
  console.log(`| target PERF-3: p95 < 300 ms, queue not growing | ${percentile(latencies, 95) < 300 && mean(secondHalf) <= mean(firstHalf) + 5 ? 'met' : 'NOT met'} |`);
  if (process.env.BENCH_RESULT_FILE) {
    // Read by bench/run-all.js (npm run bench).
    const p95 = percentile(latencies, 95);
    const baseP95 = percentile(base, 95);
    const met = p95 < 300 && mean(secondHalf) <= mean(firstHalf) + 5 && graded === ids.length;
    writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify({ bench: 'triage', figures: [
      { id: 'PERF-3', figure: `201 to grade stored at ${RATE}/s (HTTP), queue 1st/2nd half ${mean(firstHalf).toFixed(1)}/${mean(secondHalf).toFixed(1)}`, measured: `p95 ${f(p95)} ms`, target: 'p95 < 300 ms, queue not growing', baseline: `1-row INSERT p95 ${f(baseP95)} ms`, ratio: `${(p95 / baseP95).toFixed(1)}x`, met },
      { id: 'PERF-7', figure: `worker RSS grading at ${RATE}/s`, measured: `${f(rssPeak.worker)} MB peak`, target: '< 300 MB', baseline: `${f(rssWarm.worker)} MB after warm-up`, ratio: `${(rssPeak.worker / rssWarm.worker).toFixed(2)}x`, met: rssPeak.worker < 300 },
    ] }));
  }
  console.log('\nbacklog every 5 s (t: jobs waiting+active (of which active) / triage outbox rows pending):');
  console.log(samples.filter((s) => s.t % 5 === 0).map((s) => `${s.t}s: ${s.waiting + s.active} (${s.active}) / ${s.outboxPending}`).join('   '));

  await queue.close();
  await pool.end();
  smtp.close();
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
