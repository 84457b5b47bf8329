/**
 * PERF-3 bench: grading's cost, capacity and latency, each against pgbench's contact transaction
 * measured in the same run on the same machine.
 *
 *   1. baseline: pgbench runs bench/shared/pgbench-contact.sql (the rows of one contact, one
 *      transaction) as fast as Postgres takes it, on a copy of the freshly migrated database -> its
 *      transactions/s and its CPU per transaction (every postgres process and pgbench itself);
 *   2. capacity: a backlog of contacts is posted, the worker drains it alone (-> the drain rate), then
 *      contacts arrive at a few rates while the backlog is still there and the graded rate is
 *      measured at each; the capacity is the highest rate tried at which as many were graded as
 *      arrived (see measureCapacity). CPU per graded contact of every process (API, worker, Postgres
 *      for this database, Redis), from the backlog's first contact until all are graded -> against
 *      pgbench's CPU per transaction;
 *   3. latency: contacts posted open-loop at half that capacity (--rate overrides) -> time from
 *      receipt (contact.received_at) to grade stored (subject_grade.created_at), whether the backlog
 *      stayed flat, and the CPU per graded contact at that rate.
 *
 * Bodies are the realistic, seeded contact stream of bench/intake/bodies.js (families with one to
 * three children and two or three adults, a quarter of them referred before), so person matching,
 * relationships and flags do the work they do in production. The bench database
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/mash_bench) is dropped and created
 * afresh each run, so every run starts from the same state and runs are comparable.
 *
 * It starts its own API and worker(s) from dist/ with a fresh BullMQ prefix and stops them at the end.
 * Options: --rate=N (latency run's rate; default half the measured capacity) --seconds=60 (latency
 * run) --workers=1 (worker processes; OPS-7 scale-out); env BENCH_QUICK=1 (everything shorter),
 * BENCH_PGBENCH_SECONDS, BENCH_BACKLOG, BENCH_BACKLOG_SECONDS, BENCH_DRAIN_SECONDS, BENCH_CAPACITY_SECONDS,
 * BENCH_TRIAGE_SECONDS, BENCH_DATABASE_URL, REDIS_URL, BENCH_SEED, BENCH_PROFILE_DIR (CPU profiles of
 * API and worker).
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
import { Client, Pool } from 'pg';

const ROOT = join(__dirname, '..', '..', '..', '..'); // dist/bench-triage/bench/triage -> project root
const DIST = join(ROOT, 'dist', 'src');

// The shared bench helpers are plain JavaScript, loaded from the project root (tsc does not copy them into dist/bench-triage).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ContactStream } = require(join(ROOT, 'bench', 'intake', 'bodies.js')) as { ContactStream: new () => { body(channel: string): object } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cpuSeconds, serverCpuSeconds, rssMb, machineBusy } = require(join(ROOT, 'bench', 'shared', 'proc.js')) as {
  cpuSeconds: (pid: number) => number;
  serverCpuSeconds: (comm: string) => number;
  rssMb: (pid: number) => number;
  machineBusy: () => Promise<number>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dropBenchDatabase } = require(join(ROOT, 'bench', 'shared', 'bench-database.js')) as { dropBenchDatabase: (url: string) => Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { percentile } = require(join(ROOT, 'bench', 'shared', 'stats.js')) as { percentile: (sorted: number[], p: number) => number };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { apiNodeFlags, workerNodeFlags } = require(join(ROOT, 'bench', 'shared', 'node-flags.js')) as { apiNodeFlags: () => string[]; workerNodeFlags: () => string[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { knob } = require(join(ROOT, 'bench', 'shared', 'knobs.js')) as { knob: (name: string, full: number, quick?: number) => number };
interface PgbenchMax {
  tps: number;
  transactions: number;
  postgresMsPerTx: number;
  serverMsPerTx: number;
  pgbenchMsPerTx: number;
  cpuMsPerTx: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pgbenchMax } = require(join(ROOT, 'bench', 'shared', 'pgbench.js')) as {
  pgbenchMax: (options: { db: string; userId: string; clients: number; seconds: number }) => Promise<PgbenchMax>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { postgresCpu, PROBE } = require(join(ROOT, 'bench', 'shared', 'postgres-cpu.js')) as {
  postgresCpu: (url: string, databases: string[]) => Promise<{ stop: () => Promise<number> }>;
  PROBE: string;
};

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')) as [string, string][]);
const RATE = args.rate ? Number(args.rate) : undefined;
const SECONDS = args.seconds ? Number(args.seconds) : knob('BENCH_TRIAGE_SECONDS', 60, 20);
const WORKERS = Number(args.workers ?? 1);
const PGBENCH_SECONDS = knob('BENCH_PGBENCH_SECONDS', 20, 5);
const PGBENCH_CLIENTS = 16; // as the intake bench's baseline
const BACKLOG = knob('BENCH_BACKLOG', 4000, 2000);
const BACKLOG_SECONDS = knob('BENCH_BACKLOG_SECONDS', 15, 8);
const DRAIN_SECONDS = knob('BENCH_DRAIN_SECONDS', 10, 5);
const CAPACITY_SECONDS = knob('BENCH_CAPACITY_SECONDS', 20, 10);
// The worker takes 16 triage jobs at once (TriageProcessor's concurrency): with more contacts than
// that waiting, it never waits for work, so what it grades is what it can grade.
const SATURATED_BACKLOG = 16 * WORKERS;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bench-${randomBytes(3).toString('hex')}`;
const RUN = randomBytes(3).toString('hex');

type Phase = 'backlog' | 'drain' | 'capacity' | 'catch-up' | 'latency';
interface Sample {
  t: number;
  phase: Phase;
  /** Contacts accepted (201) and not yet graded: the work on the way to a grade, counted in contacts. */
  backlog: number;
  waiting: number;
  active: number;
  outboxPending: number;
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
  const flags = script === 'main.js' ? apiNodeFlags() : workerNodeFlags(); // as `npm start` and `npm run start:worker` run them
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
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

/**
 * pgbench's contact transaction as fast as Postgres takes it, on a copy of the bench database made
 * just after migrating and seeding it (same schema, indexes and triggers): its contacts and outbox
 * rows must not reach the worker, and the bench's own database stays as empty as a fresh one.
 */
async function pgbenchBaseline(): Promise<PgbenchMax> {
  const source = decodeURIComponent(new URL(DATABASE_URL).pathname.slice(1)); // checked by dropBenchDatabase
  const copy = new URL(DATABASE_URL);
  copy.pathname = `/${source}_pgbench`;
  await dropBenchDatabase(copy.toString());
  const admin = new URL(DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${source}_pgbench TEMPLATE ${source}`);
  } finally {
    await client.end();
  }
  const db = new Client({ connectionString: copy.toString() });
  await db.connect();
  const userId = (await db.query(`SELECT id FROM app_user WHERE email = 'referrer@mash.localhost'`)).rows[0].id as string;
  await db.end();
  try {
    return await pgbenchMax({ db: copy.toString(), userId, clients: PGBENCH_CLIENTS, seconds: PGBENCH_SECONDS });
  } finally {
    await dropBenchDatabase(copy.toString());
  }
}

async function main(): Promise<void> {
  console.log(
    `triage bench: ${WORKERS} worker process(es), database ${new URL(DATABASE_URL).pathname.slice(1)} (created afresh), queue prefix ${PREFIX}; ` +
      `pgbench ${PGBENCH_SECONDS} s, backlog ${BACKLOG}, drain ${DRAIN_SECONDS} s, capacity ${CAPACITY_SECONDS} s, latency run ${SECONDS} s at ${RATE ? `${RATE}/s` : 'half the capacity'}`,
  );
  const busy = await machineBusy();
  console.log(`machine CPU already busy before the bench: ${f(busy, 0)}% (other processes share the cores; figures are only comparable within one run)`);
  await dropBenchDatabase(DATABASE_URL); // every run starts from the same (empty) person index; migrate.js creates it
  const smtp = await startSmtpSink();
  run('migrate.js');
  run('seed.js');

  console.log(`pgbench: the contact transaction, ${PGBENCH_CLIENTS} clients, ${PGBENCH_SECONDS} s ...`);
  const pg = await pgbenchBaseline();
  console.log(`pgbench: ${f(pg.tps)} tx/s; CPU per transaction ${f(pg.cpuMsPerTx, 3)} ms (Postgres ${f(pg.postgresMsPerTx, 3)} + pgbench ${f(pg.pgbenchMsPerTx, 3)}; whole Postgres server ${f(pg.serverMsPerTx, 3)})`);

  // The bench's own queries watch the run and are left out of its Postgres CPU (PROBE); the
  // autovacuum stand-in is work production's autovacuum does, so it has a connection of its own, counted.
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4, application_name: PROBE });
  const vacuumPool = new Pool({ connectionString: DATABASE_URL, max: 1 });
  for (const p of [pool, vacuumPool]) p.on('error', (error) => console.error(`bench database connection lost: ${error.message}`)); // an idle client's error must not kill the bench before it stops its children
  const queue = new Queue('triage', { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix: PREFIX });

  const workers = Array.from({ length: WORKERS }, () => start('worker.js'));
  // Bodies are made and serialised before each phase's clock starts, so the load generator spends its time sending.
  const stream = new ContactStream();
  const makeBodies = (n: number) => Array.from({ length: n }, () => JSON.stringify(stream.body('professional')));
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
  let accepted = 0; // contacts answered 201 over the whole run
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
          if (res.statusCode !== 201) return reject(new Error(`POST /api/v1/contacts answered ${res.statusCode}: ${text}`));
          accepted++;
          resolve((JSON.parse(text) as { id: string }).id);
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  let failures = 0;
  const failed = (error: Error) => {
    if (failures++ < 3) console.log(`failed: ${error.message.slice(0, 300)}`);
  };

  /** Open loop: contact i is sent at start + i/rate whatever happened to the others. `sent` resolves once the last is sent, `done` once all are answered. */
  const offer = (rate: number, bodies: string[], tag: string) => {
    const ids: string[] = [];
    const inflight: Promise<void>[] = [];
    const startedAt = Date.now();
    const sent = (async () => {
      for (let i = 0; i < bodies.length; i++) {
        await sleep(Math.max(0, startedAt + (i * 1000) / rate - Date.now()));
        inflight.push(submit(bodies[i], `${RUN}-${tag}-${i}`).then((id) => void ids.push(id), failed));
      }
      return (Date.now() - startedAt) / 1000;
    })();
    const done = sent.then(async (seconds) => {
      await Promise.all(inflight);
      return { ids, seconds };
    });
    return { sent, done };
  };

  // Warm-up: one contact graded end to end before any clock starts.
  const warm = await submit(makeBodies(1)[0], `${RUN}-warm-up`);
  for (let i = 0; i < 600; i++) {
    if ((await pool.query('SELECT 1 FROM contact_triage WHERE contact_id = $1', [warm])).rowCount) break;
    await sleep(100);
  }
  // Contacts graded so far (one contact_triage row per graded contact), the warm-up's included as `accepted` counts it.
  const graded = async () => ({ t: Date.now(), n: (await pool.query('SELECT count(*)::int AS n FROM contact_triage')).rows[0].n as number });

  // PERF-7: each process's resident memory, after the warm-up and at its highest, by phase.
  const rssNow = () => ({ api: rssMb(apiProcess.pid!), worker: Math.max(...workers.map((w) => rssMb(w.pid!))) });
  const rssWarm = rssNow();
  const rssPeak: Partial<Record<Phase, { api: number; worker: number }>> = {};
  // Production PostgreSQL runs autovacuum: it vacuums a table once 50 rows + 20% of it are dead and
  // analyzes it once 50 rows + 10% have changed, so dead rows are reclaimed and plans follow the tables
  // as they grow. Where it is off (the development machines), the bench applies the same rules every
  // 15 s; otherwise queue-like tables (outbox, the audit sealer's work list) bloat and every plan is
  // made for the empty tables of a fresh database.
  const autovacuum = (await pool.query('SHOW autovacuum')).rows[0].autovacuum === 'on';
  if (!autovacuum) console.log("autovacuum is off on this server: the bench applies autovacuum's vacuum and analyze rules every 15 s");
  const standIn = autovacuum ? undefined : setInterval(() => void autovacuumStandIn(vacuumPool).catch(() => undefined), 15_000);

  let phase: Phase = 'backlog';
  const samples: Sample[] = [];
  const t0 = Date.now();
  const sample = async () => {
    const rss = rssNow();
    const peak = (rssPeak[phase] ??= { api: 0, worker: 0 });
    peak.api = Math.max(peak.api, rss.api);
    peak.worker = Math.max(peak.worker, rss.worker);
    const at = phase;
    const [counts, outbox, done] = await Promise.all([
      queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      pool.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'triage' AND dispatched_at IS NULL`),
      graded(),
    ]);
    samples.push({ t: Math.round((Date.now() - t0) / 1000), phase: at, backlog: Math.max(0, accepted - done.n), waiting: counts.waiting + counts.delayed + counts.prioritized, active: counts.active, outboxPending: outbox.rows[0].n });
  };
  const sampler = setInterval(() => void sample().catch((error: Error) => console.error(`backlog sample failed: ${error.message}`)), 1000);

  /** Waits until every accepted contact is graded (or `limitSeconds` passed); true when all are. */
  const drainAll = async (limitSeconds: number) => {
    const until = Date.now() + limitSeconds * 1000;
    for (;;) {
      if ((await graded()).n >= accepted) return true;
      if (Date.now() > until) return false;
      await sleep(250);
    }
  };

  // CPU of every process on the way to a grade (Postgres for this database is counted by postgresCpu).
  const cpuNow = () => {
    const own = process.cpuUsage();
    return {
      api: cpuSeconds(apiProcess.pid!),
      worker: workers.reduce((sum, w) => sum + cpuSeconds(w.pid!), 0),
      server: serverCpuSeconds('postgres'),
      redis: serverCpuSeconds('redis-server'),
      bench: (own.user + own.system) / 1e6,
    };
  };

  /**
   * Grading capacity: the highest rate at which contacts can arrive with the backlog flat.
   *
   * With contacts waiting, the worker grades at a rate G(R) that depends on the rate R at which new
   * ones arrive (intake shares the cores) and falls as R rises; the capacity is the R at which
   * G(R) = R. A backlog is posted (16 at a time, as fast as the API takes them), then:
   *  1. the worker drains it with nothing arriving: G(0), the drain rate, above the capacity;
   *  2. contacts arrive at R1 = G(0) while the backlog is still there -> G1 (at most the capacity);
   *  3. they arrive at R2 = G1 -> G2 (at least the capacity, as fewer arrive);
   *  4. they arrive at R3, where the line through the two points meets G = R -> G3.
   * At each rate R tried, G >= R means the backlog did not grow with R arriving: a rate with the
   * backlog flat, seen directly. The capacity reported is the highest such R (step 3's always
   * qualifies unless noise says otherwise; step 4's when the estimate held); should none, the lowest
   * G seen, which was graded with more arriving than it. Before each of steps 2-4 the backlog is
   * topped up, so that it stays above what the worker takes at once: the worker never waits for
   * work and G is what it can grade.
   */
  const gradedWhileArriving = async (rate: number, tag: string) => {
    const run = offer(rate, makeBodies(Math.round(rate * CAPACITY_SECONDS)), tag);
    let sending = true;
    void run.sent.then(() => (sending = false));
    await sleep(Math.min(3000, (CAPACITY_SECONDS * 1000) / 4)); // the intake run's start-up
    const from = await graded();
    const backlogFrom = accepted - from.n;
    let to = from;
    let backlogTo = backlogFrom;
    let minBacklog = backlogFrom;
    while (sending) {
      await sleep(500);
      to = await graded();
      backlogTo = accepted - to.n;
      minBacklog = Math.min(minBacklog, backlogTo);
    }
    await run.done;
    const seconds = (to.t - from.t) / 1000;
    const gradedRate = (to.n - from.n) / seconds;
    const saturated = minBacklog > SATURATED_BACKLOG;
    console.log(`capacity: ${f(gradedRate)} contacts/s graded over ${f(seconds)} s with ${rate}/s arriving; backlog ${backlogFrom} -> ${backlogTo}, never below ${minBacklog} (${saturated ? 'the worker always had work' : 'the worker ran out of work: raise BENCH_BACKLOG_SECONDS'})`);
    return { rate, gradedRate, saturated, minBacklog, seconds, backlogFrom, backlogTo };
  };

  /** Posts up to `count` contacts 16 at a time, as fast as the API takes them, for at most BACKLOG_SECONDS (a slow machine does not wait minutes). */
  const postBacklog = async (count: number, tag: string) => {
    const bodies = makeBodies(count);
    const postStart = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < bodies.length && Date.now() - postStart < BACKLOG_SECONDS * 1000) {
          const i = next++;
          await submit(bodies[i], `${RUN}-${tag}-${i}`).catch(failed);
        }
      }),
    );
    return { posted: next, seconds: (Date.now() - postStart) / 1000 };
  };

  const measureCapacity = async () => {
    const { posted, seconds: postSeconds } = await postBacklog(BACKLOG, 'backlog');
    console.log(`capacity: backlog of ${posted} contacts posted in ${f(postSeconds)} s (${f(posted / postSeconds)}/s); ${accepted - (await graded()).n} still ungraded`);

    phase = 'drain';
    await sleep(2000); // the intake burst's last writes and queue settle
    const drainFrom = await graded();
    // Keep enough of the backlog for the next steps to start with the worker still busy, and drain at least half of what is there.
    const keep = Math.min(Math.max(SATURATED_BACKLOG * 4, posted / 4), (accepted - drainFrom.n) / 2);
    let drainTo = drainFrom;
    while (drainTo.t - drainFrom.t < DRAIN_SECONDS * 1000 && accepted - drainTo.n > keep) {
      await sleep(500);
      drainTo = await graded();
    }
    const drainSeconds = (drainTo.t - drainFrom.t) / 1000;
    const drainRate = (drainTo.n - drainFrom.n) / drainSeconds;
    console.log(`capacity: drained alone at ${f(drainRate)} contacts/s over ${f(drainSeconds)} s`);
    if (!(drainRate > 0)) throw new Error(`the worker graded nothing in ${f(drainSeconds)} s with ${accepted - drainTo.n} contacts waiting`);

    phase = 'capacity';
    // Each step starts with enough waiting that grading up to half the drain rate faster than contacts arrive leaves the worker busy to its end.
    const needed = Math.round(Math.max(SATURATED_BACKLOG * 4, (drainRate * CAPACITY_SECONDS) / 2));
    const step = async (rate: number, tag: string) => {
      const waiting = accepted - (await graded()).n;
      if (waiting < needed) {
        const topUp = await postBacklog(needed - waiting, `${tag}-top-up`);
        console.log(`capacity: backlog topped up by ${topUp.posted} contacts in ${f(topUp.seconds)} s`);
      }
      return gradedWhileArriving(rate, tag);
    };
    const steps = [await step(Math.max(1, Math.round(drainRate)), 'capacity-1')];
    steps.push(await step(Math.max(1, Math.round(steps[0].gradedRate)), 'capacity-2'));
    const [p, q] = steps;
    const slope = (q.gradedRate - p.gradedRate) / (q.rate - p.rate);
    // Where G(R) = R on the line through the two points; kept between them (the balance lies there).
    const estimate = Number.isFinite(slope) && slope !== 1 ? (p.gradedRate - slope * p.rate) / (1 - slope) : (p.gradedRate + q.gradedRate) / 2;
    const lo = Math.min(p.gradedRate, q.gradedRate);
    const hi = Math.max(p.gradedRate, q.gradedRate);
    steps.push(await step(Math.max(1, Math.round(Math.min(hi, Math.max(lo, estimate)))), 'capacity-3'));
    const flat = steps.filter((step) => step.gradedRate >= step.rate);
    const capacity = flat.length ? Math.max(...flat.map((step) => step.rate)) : Math.min(...steps.map((step) => step.gradedRate));
    return { capacity, shownFlat: flat.length > 0, drainRate, steps, saturated: steps.every((step) => step.saturated), posted, postRate: posted / postSeconds };
  };
  // CPU per graded contact at capacity: from the first contact of the backlog until every contact of these steps is graded.
  const postgresAtCapacity = await postgresCpu(DATABASE_URL, [new URL(DATABASE_URL).pathname.slice(1)]);
  const capacityCpuStart = cpuNow();
  const gradedBefore = (await graded()).n;
  const cap = await measureCapacity();

  phase = 'catch-up';
  const leftover = accepted - (await graded()).n;
  const caughtUp = await drainAll(Math.min(300, Math.max(60, (2 * leftover) / Math.max(1, cap.capacity))));
  if (!caughtUp) console.log(`the backlog of the capacity run did not drain (${accepted - (await graded()).n} contacts ungraded): the latency run starts with it`);
  const capacityCpuEnd = cpuNow();
  const capacityPostgres = await postgresAtCapacity.stop();
  const capacityGraded = (await graded()).n - gradedBefore;
  await autovacuumStandIn(vacuumPool); // the capacity run's dead rows reclaimed, as autovacuum would have by now

  const rate = RATE ?? Math.max(1, Math.round(cap.capacity / 2));
  // Baseline, same run: one-row INSERT+COMMIT latency at the latency run's rate for 5 s (the floor of any "stored" figure).
  const table = `bench_baseline_${RUN}`;
  await pool.query(`CREATE TABLE ${table} (id bigserial primary key, at timestamptz DEFAULT clock_timestamp())`);
  const baseline: number[] = [];
  const pendingBaseline: Promise<void>[] = [];
  const baselineEnd = Date.now() + 5000;
  for (let due = Date.now(); due < baselineEnd; due += 1000 / rate) {
    await sleep(Math.max(0, due - Date.now()));
    const started = performance.now();
    pendingBaseline.push(pool.query(`INSERT INTO ${table} DEFAULT VALUES`).then(() => void baseline.push(performance.now() - started)));
  }
  await Promise.all(pendingBaseline);
  await pool.query(`DROP TABLE ${table}`);

  // The latency run: CPU of every process on the way to a grade, from its first contact until its last is graded.
  const latencyBodies = makeBodies(rate * SECONDS);
  phase = 'latency';
  const failuresBefore = failures;
  const postgres = await postgresCpu(DATABASE_URL, [new URL(DATABASE_URL).pathname.slice(1)]);
  const cpuStart = cpuNow();
  const latencyStart = Date.now();
  const latencyT = Math.round((latencyStart - t0) / 1000);
  const { ids, seconds: loadSeconds } = await offer(rate, latencyBodies, 'latency').done;
  const loadEndT = Math.round((Date.now() - t0) / 1000);
  const drainStart = Date.now();
  let gradedHere = 0;
  for (;;) {
    gradedHere = (await pool.query('SELECT count(*)::int AS n FROM contact_triage WHERE contact_id = ANY($1::uuid[])', [ids])).rows[0].n;
    if (gradedHere >= ids.length || Date.now() - drainStart > 60_000) break;
    await sleep(250);
  }
  const cpuEnd = cpuNow();
  const postgresSeconds = await postgres.stop();
  // Acknowledgements go out while contacts are graded (SPEC FB-1): e-mail must keep up with intake too.
  const mail = (
    await pool.query(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS waiting,
              count(*) FILTER (WHERE status = 'failed')::int AS failed FROM outbound_message`,
    )
  ).rows[0] as { sent: number; waiting: number; failed: number };
  const wallSeconds = (Date.now() - latencyStart) / 1000;
  clearInterval(sampler);
  clearInterval(standIn);

  const { rows } = await pool.query(
    `SELECT extract(epoch FROM (min(g.created_at) - c.received_at)) * 1000 AS ms
       FROM contact c JOIN subject_grade g ON g.contact_id = c.id WHERE c.id = ANY($1::uuid[]) GROUP BY c.id, c.received_at`,
    [ids],
  );
  const latencies = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  const base = baseline.sort((a, b) => a - b);
  // The backlog while contacts were arriving (the drain after the last one would make any second half look lower).
  const depth = samples.filter((s) => s.phase === 'latency' && s.t > latencyT && s.t <= loadEndT).map((s) => s.backlog);
  const firstHalf = mean(depth.slice(0, Math.floor(depth.length / 2)));
  const secondHalf = mean(depth.slice(Math.floor(depth.length / 2)));
  const flat = secondHalf <= firstHalf + Math.max(5, 0.2 * firstHalf);
  const p95 = percentile(latencies, 95);
  const baseP95 = percentile(base, 95);
  const allGraded = gradedHere === ids.length;

  type Cpu = ReturnType<typeof cpuNow>;
  /** CPU per graded contact (ms) of each process between two readings; `service` is SPEC PERF-3's (API, worker, Postgres, Redis). */
  const costPerContact = (from: Cpu, to: Cpu, postgresSeconds: number, contacts: number) => {
    const per = (seconds: number) => (seconds * 1000) / Math.max(1, contacts);
    const c = { postgres: per(postgresSeconds), server: per(to.server - from.server), worker: per(to.worker - from.worker), api: per(to.api - from.api), redis: per(to.redis - from.redis), bench: per(to.bench - from.bench) };
    return { ...c, service: c.postgres + c.worker + c.api + c.redis };
  };
  const atCapacity = costPerContact(capacityCpuStart, capacityCpuEnd, capacityPostgres, capacityGraded);
  const atHalf = costPerContact(cpuStart, cpuEnd, postgresSeconds, gradedHere);
  // The ratio is taken at capacity, as pgbench's CPU is taken at its saturation: a steady figure where
  // the processes' background work (pollers, sweeps, the audit sealer) is shared by many contacts.
  const cpuRatio = atCapacity.service / pg.cpuMsPerTx;
  const cpuMet = cpuRatio <= 8 && caughtUp;
  const capacityRatio = cap.capacity / pg.tps;
  // A rate seen with the backlog flat stands on its own; the fallback (the lowest graded rate) is a capacity only if the worker never waited for work.
  const capacityShown = cap.shownFlat || cap.saturated;
  const capacityMet = capacityRatio >= 0.1 && capacityShown;
  const cpuTotal = (['api', 'worker', 'server', 'redis', 'bench'] as const).reduce((sum, k) => sum + cpuEnd[k] - cpuStart[k], 0);
  const peakWorker = Math.max(0, ...Object.values(rssPeak).map((p) => p.worker));
  const peakApi = Math.max(0, ...Object.values(rssPeak).map((p) => p.api));
  const split = (c: typeof atCapacity) => `${f(c.postgres, 2)} / ${f(c.worker, 2)} / ${f(c.api, 2)} / ${f(c.redis, 2)} = ${f(c.service, 2)}`;

  console.log("\n| PERF-3: grading against pgbench's contact transaction | value |");
  console.log('|---|---|');
  console.log('| source | POST /api/v1/contacts, realistic seeded bodies (bench/intake/bodies.js) |');
  console.log(`| worker processes | ${WORKERS} |`);
  console.log(`| baseline: pgbench contact transaction (${PGBENCH_CLIENTS} clients, ${PGBENCH_SECONDS} s) | ${f(pg.tps)} tx/s; CPU ${f(pg.cpuMsPerTx, 3)} ms per tx (Postgres ${f(pg.postgresMsPerTx, 3)} + pgbench ${f(pg.pgbenchMsPerTx, 3)}) |`);
  console.log(`| capacity: backlog posted / drained alone | ${cap.posted} at ${f(cap.postRate)}/s / ${f(cap.drainRate)} contacts/s |`);
  for (const step of cap.steps) console.log(`| capacity: graded with ${step.rate}/s arriving (${f(step.seconds)} s, backlog ${step.backlogFrom} -> ${step.backlogTo}, never below ${step.minBacklog}) | ${f(step.gradedRate)} contacts/s (${step.gradedRate >= step.rate ? 'backlog flat' : 'backlog growing'})${step.saturated ? '' : ' (the worker ran out of work)'} |`);
  console.log(`| capacity / pgbench tx/s | ${f(cap.capacity)} contacts/s${cap.shownFlat ? '' : ' (no rate tried kept the backlog flat: the lowest graded rate)'} = ${f(100 * capacityRatio)}% (target >= 10%)${capacityShown ? '' : ' (the worker ran out of work: not a capacity)'} |`);
  console.log(`| latency run: offered rate / achieved | ${rate}/s${RATE ? ' (--rate)' : ' (half the capacity)'} / ${f(ids.length / loadSeconds)}/s over ${f(loadSeconds)} s |`);
  console.log(`| contacts accepted / failed / graded | ${ids.length} / ${failures - failuresBefore} / ${gradedHere} |`);
  console.log(`| 201 to grade stored p50 / p95 / p99 / max (ms) | ${f(percentile(latencies, 50))} / ${f(p95)} / ${f(percentile(latencies, 99))} / ${f(latencies[latencies.length - 1])} |`);
  console.log(`| baseline: 1-row INSERT+COMMIT p50 / p95 (ms), same DB, same rate | ${f(percentile(base, 50))} / ${f(baseP95)} |`);
  console.log(`| e-mails when the latency run's last contact was graded (${accepted} contacts accepted over the run): sent / still to send / failed | ${mail.sent} / ${mail.waiting} / ${mail.failed} |`);
  console.log(`| backlog (contacts accepted, not graded) mean 1st half / 2nd half / max | ${f(firstHalf)} / ${f(secondHalf)} / ${Math.max(0, ...depth)} (${flat ? 'flat' : 'GROWING'}) |`);
  // When a drain timed out, the ungraded contacts' intake is in the figures but their grading is not: say so.
  const partly = (all: boolean) => (all ? '' : ' (not all graded: their cost is partly counted)');
  console.log(`| CPU per graded contact (ms) at capacity, ${capacityGraded} contacts from the backlog's first until all graded: Postgres / worker / API / Redis = service | ${split(atCapacity)}${partly(caughtUp)} |`);
  console.log(`| CPU per graded contact (ms) at ${rate}/s, the latency run: Postgres / worker / API / Redis = service | ${split(atHalf)}${partly(allGraded)} |`);
  console.log(`| Postgres: this database's backends and the shared WAL writer, checkpointer, background writer / the whole server (other databases' work included), ms per contact or tx | at capacity ${f(atCapacity.postgres, 2)} / ${f(atCapacity.server, 2)}; at ${rate}/s ${f(atHalf.postgres, 2)} / ${f(atHalf.server, 2)}; pgbench ${f(pg.postgresMsPerTx, 3)} / ${f(pg.serverMsPerTx, 3)} |`);
  console.log(`| CPU per graded contact / pgbench tx | at capacity ${f(cpuRatio, 2)}x (target <= 8x; with this bench's load generator and mail sink, ${f(atCapacity.bench, 2)} ms, ${f((atCapacity.service + atCapacity.bench) / pg.cpuMsPerTx, 2)}x); at ${rate}/s ${f(atHalf.service / pg.cpuMsPerTx, 2)}x |`);
  console.log(`| CPU used by the service, whole Postgres server and this bench over the latency run, of ${availableParallelism()} cores | ${f((100 * cpuTotal) / wallSeconds / availableParallelism(), 0)}% (${f(cpuTotal)} CPU-s in ${f(wallSeconds)} s) |`);
  for (const p of Object.keys(rssPeak) as Phase[]) console.log(`| RSS peak, ${p}: API / worker${WORKERS > 1 ? ' (largest)' : ''} | ${f(rssPeak[p]!.api)} / ${f(rssPeak[p]!.worker)} MB |`);
  console.log(`| RSS after warm-up / peak over the run, worker | ${f(rssWarm.worker)} / ${f(peakWorker)} MB (PERF-7 target < 300 MB; API ${f(rssWarm.api)} / ${f(peakApi)} MB) |`);
  console.log(`| machine CPU busy before the bench | ${f(busy, 0)}% |`);

  const latencyMet = p95 < 300 && flat && allGraded;
  if (process.env.BENCH_RESULT_FILE) {
    // Read by bench/run-all.js (npm run bench).
    const pgCpu = `pgbench contact tx ${f(pg.cpuMsPerTx, 3)} ms (Postgres ${f(pg.postgresMsPerTx, 3)} + pgbench ${f(pg.pgbenchMsPerTx, 3)})`;
    const tried = cap.steps.map((step) => `${f(step.gradedRate)}/s with ${step.rate}/s`).join(', ');
    writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify({ bench: 'triage', busy, figures: [
      { id: 'PERF-3', figure: `CPU per graded contact, API+worker+Postgres+Redis, at capacity (at ${rate}/s: ${f(atHalf.service, 2)} ms)`, measured: `${f(atCapacity.service, 2)} ms`, target: '<= 8x pgbench tx CPU', baseline: pgCpu, ratio: `${f(cpuRatio, 1)}x`, met: cpuMet },
      { id: 'PERF-3', figure: `grading capacity, backlog flat (graded ${tried} arriving; drained alone ${f(cap.drainRate)}/s)`, measured: `${f(cap.capacity)} contacts/s`, target: '>= 10% of pgbench tx/s', baseline: `pgbench contact tx ${f(pg.tps)} tx/s`, ratio: `${f(100 * capacityRatio)}%`, met: capacityMet },
      { id: 'PERF-3', figure: `201 to grade stored at ${rate}/s${RATE ? '' : ' (half capacity)'}, backlog 1st/2nd half ${f(firstHalf)}/${f(secondHalf)}`, measured: `p95 ${f(p95)} ms`, target: 'p95 < 300 ms, backlog flat', baseline: `1-row INSERT p95 ${f(baseP95, 2)} ms`, ratio: `${f(p95 / baseP95)}x`, met: latencyMet },
      { id: 'PERF-7', figure: 'worker RSS, grading at capacity and at half', measured: `${f(peakWorker)} MB peak`, target: '< 300 MB', baseline: `${f(rssWarm.worker)} MB after warm-up`, ratio: `${f(peakWorker / rssWarm.worker, 2)}x`, met: peakWorker < 300 },
    ] }));
  }
  console.log(`\ntarget PERF-3: CPU <= 8x ${cpuMet ? 'met' : 'NOT met'}; capacity >= 10% ${capacityMet ? 'met' : 'NOT met'}; p95 < 300 ms with the backlog flat ${latencyMet ? 'met' : 'NOT met'}`);
  console.log('\nbacklog every 5 s (t phase: contacts accepted not graded / jobs waiting+active (of which active) / triage outbox rows pending):');
  console.log(samples.filter((s) => s.t % 5 === 0).map((s) => `${s.t}s ${s.phase}: ${s.backlog} / ${s.waiting + s.active} (${s.active}) / ${s.outboxPending}`).join('   '));

  await queue.close();
  await pool.end();
  await vacuumPool.end();
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
