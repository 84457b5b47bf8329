'use strict';
/**
 * npm run bench:intake — SPEC PERF-1 and PERF-2 for contact intake, in one command:
 *   1. migrate and seed a bench database (BENCH_DATABASE_URL, default mash_bench_intake);
 *   2. pgbench: the same rows as one contact, in one transaction, 16 clients -> baseline tx/s; then the
 *      same at the fixed rate -> baseline latency percentiles at that rate (PERF-2);
 *   3. start the built API (dist/src/main.js) on a free port and log in as a referrer, a police officer and a partner;
 *   4. HTTP: maximum throughput (16 concurrent, 20 s), then a fixed 200 requests/s for 60 s -> latency percentiles;
 *   5. print a table with the ratio to the baseline and the API's resident memory.
 * Durations can be shortened for a quick look: BENCH_PGBENCH_SECONDS, BENCH_PGBENCH_RATE_SECONDS, BENCH_MAX_SECONDS, BENCH_RATE_SECONDS, BENCH_RATE,
 * or all at once with BENCH_QUICK=1.
 * BENCH_API_REPLICAS=2 runs two API processes (SPEC OPS-7: the API is stateless) and spreads requests over them.
 */
const { execFileSync, spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const net = require('node:net');
const { join } = require('node:path');
const { ContactStream } = require('./bodies');
const { cpuSeconds, serverCpuSeconds, machineBusy, rssMb } = require('../shared/proc');
const { knob } = require('../shared/knobs');
const { pgbenchMax, pgbenchAtRate } = require('../shared/pgbench');
const { apiNodeFlags } = require('../shared/node-flags');
const { closedLoop, fixedRate } = require('./http-load');

const root = join(__dirname, '..', '..');
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench_intake';
const CONCURRENCY = knob('BENCH_CONCURRENCY', 16);
const PGBENCH_SECONDS = knob('BENCH_PGBENCH_SECONDS', 20, 5);
const MAX_SECONDS = knob('BENCH_MAX_SECONDS', 20, 5);
const RATE = knob('BENCH_RATE', 200);
const RATE_SECONDS = knob('BENCH_RATE_SECONDS', 60, 10);
const PGBENCH_RATE_SECONDS = knob('BENCH_PGBENCH_RATE_SECONDS', 30, 10);
const REPLICAS = knob('BENCH_API_REPLICAS', 1);

// BENCH_PROFILE_DIR=dir: the API writes a V8 CPU profile there when it stops (read it with bench/profile-summary.js).
const PROFILE_ARGS = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];

const env = {
  ...process.env, NODE_ENV: 'development', DATABASE_URL: DB, QUEUE_PREFIX: 'bench-intake', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', JWT_TTL: '1h',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
};

/** The API processes; killed when the bench exits, whatever way it exits. */
const apis = [];
process.on('exit', () => {
  for (const api of apis) if (api.exitCode === null) api.kill('SIGKILL');
});

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForApi(port, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not start within 30 s');
}

async function login(port, email, password) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  return (await res.json()).accessToken;
}

function psql(sql) {
  return execFileSync('psql', [DB, '-Atq', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' }).trim();
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

async function main() {
  console.log(`bench:intake against ${DB.replace(/\/\/[^@]*@/, '//')}, ${REPLICAS} API process(es), LOG_LEVEL=${env.LOG_LEVEL}`);
  execFileSync('node', [join(root, 'dist/src/migrate.js')], { env, stdio: 'inherit' });
  execFileSync('node', [join(root, 'dist/src/seed.js')], { env, stdio: 'inherit' });
  const referrerId = psql(`SELECT id FROM app_user WHERE email = 'referrer@mash.localhost'`);
  const busy = await machineBusy();
  console.log(`machine CPU already busy before the bench: ${fmt(busy, 0)}% (other processes share the cores; figures are only comparable within one run)`);

  console.log(`pgbench: ${CONCURRENCY} clients, ${PGBENCH_SECONDS} s ...`);
  const baseline = await pgbenchMax({ db: DB, userId: referrerId, clients: CONCURRENCY, seconds: PGBENCH_SECONDS });
  console.log(`pgbench at ${RATE} tx/s, ${PGBENCH_RATE_SECONDS} s ...`);
  const baselineAtRate = pgbenchAtRate({ db: DB, userId: referrerId, clients: CONCURRENCY, rate: RATE, seconds: PGBENCH_RATE_SECONDS });

  const ports = [];
  for (let r = 0; r < REPLICAS; r++) {
    const port = await freePort();
    ports.push(port);
    apis.push(spawn('node', [...apiNodeFlags(), ...PROFILE_ARGS, join(root, 'dist/src/main.js')], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] }));
  }
  const port = ports[0];
  const totalRss = () => apis.reduce((sum, a) => sum + rssMb(a.pid), 0);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, totalRss())), 250);
  try {
    for (let r = 0; r < REPLICAS; r++) await waitForApi(ports[r], apis[r]);
    const callers = [
      { token: await login(port, 'referrer@mash.localhost', 'Referrer-dev-2026!'), channel: 'professional' },
      { token: await login(port, 'police@mash.localhost', 'Police-dev-2026!'), channel: 'police_notification' },
      { token: await login(port, 'partner@mash.localhost', 'Partner-dev-2026!'), channel: 'professional' },
    ];
    // Bodies are made and serialised before the clock starts, so the load generator spends its CPU on sending.
    const stream = new ContactStream();
    const bodies = callers.map((c) => Array.from({ length: 1500 }, () => Buffer.from(JSON.stringify(stream.body(c.channel)))));
    let i = 0;
    const next = () => {
      const c = i++ % callers.length;
      const headers = { authorization: `Bearer ${callers[c].token}` };
      if (i % 5 === 0) headers['idempotency-key'] = `bench-${process.pid}-${i}`;
      return { port: ports[i % REPLICAS], path: '/api/v1/contacts', headers, body: bodies[c][Math.floor(i / callers.length) % bodies[c].length] };
    };
    console.log('HTTP warm-up (3 s) ...');
    await closedLoop({ port, concurrency: CONCURRENCY, seconds: 3, next });
    const idleRss = totalRss();
    console.log(`HTTP maximum throughput: ${CONCURRENCY} concurrent, ${MAX_SECONDS} s ...`);
    const cpuBefore = apis.reduce((sum, a) => sum + cpuSeconds(a.pid), 0);
    const postgresBefore = serverCpuSeconds('postgres');
    const clientBefore = process.cpuUsage();
    const max = await closedLoop({ port, concurrency: CONCURRENCY, seconds: MAX_SECONDS, next });
    const cpuPerRequestMs = ((apis.reduce((sum, a) => sum + cpuSeconds(a.pid), 0) - cpuBefore) * 1000) / max.requests;
    const postgresPerRequestMs = ((serverCpuSeconds('postgres') - postgresBefore) * 1000) / max.requests;
    const client = process.cpuUsage(clientBefore);
    const clientPerRequestMs = (client.user + client.system) / 1000 / max.requests;
    console.log(`HTTP fixed rate: ${RATE} requests/s, ${RATE_SECONDS} s ...`);
    const peakBeforeFixed = peakRss;
    peakRss = 0;
    const fixed = await fixedRate({ port, rate: RATE, seconds: RATE_SECONDS, next });
    const endRss = totalRss();
    const peakAtRate = peakRss;
    peakRss = Math.max(peakRss, peakBeforeFixed);

    const ratio = max.rps / baseline.tps;
    const rows = [
      ['pgbench baseline (same rows, 1 tx)', `${fmt(baseline.tps)} tx/s`, `avg ${fmt(baseline.latencyMs, 2)} ms`, '', '', ''],
      [`pgbench at ${RATE} tx/s (${PGBENCH_RATE_SECONDS} s)`, `${fmt(baselineAtRate.count / PGBENCH_RATE_SECONDS)} tx/s`, fmt(baselineAtRate.p50, 2), fmt(baselineAtRate.p95, 2), fmt(baselineAtRate.p99, 2), ''],
      [`HTTP max (${CONCURRENCY} concurrent, ${MAX_SECONDS} s)`, `${fmt(max.rps)} req/s`, fmt(max.p50, 2), fmt(max.p95, 2), fmt(max.p99, 2), `${max.errors}/${max.requests}`],
      [`HTTP fixed ${RATE} req/s (${RATE_SECONDS} s)`, `${fmt(fixed.rps)} req/s`, fmt(fixed.p50, 2), fmt(fixed.p95, 2), fmt(fixed.p99, 2), `${fixed.errors}/${fixed.requests}`],
    ];
    const head = ['run', 'throughput', 'p50 ms', 'p95 ms', 'p99 ms', 'non-201'];
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (cells) => `| ${cells.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`;
    console.log(['', line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line), ''].join('\n'));
    console.log(`ratio HTTP max / pgbench baseline: ${fmt(ratio * 100)}%  (PERF-1 target >= 50%: ${ratio >= 0.5 ? 'met' : 'NOT met'})`);
    // PERF-2: the HTTP p99 at the fixed rate against pgbench's own p99 for the same rows at the same rate.
    const p99Ratio = fixed.p99 / baselineAtRate.p99;
    const perf2Met = p99Ratio <= 1.5 && fixed.errors === 0;
    console.log(`p99 at ${RATE} req/s: ${fmt(fixed.p99, 2)} ms, pgbench's own p99 at that rate ${fmt(baselineAtRate.p99, 2)} ms: ${fmt(p99Ratio, 2)}x  (PERF-2 target <= 1.5x: ${perf2Met ? 'met' : 'NOT met'})`);
    for (const [name, run] of [['max', max], ['fixed-rate', fixed]]) if (run.errors) console.log(`non-201 answers in the ${name} run, by status (0: connection failed): ${JSON.stringify(run.byStatus)}`);
    console.log(`API CPU per request (max run): ${fmt(cpuPerRequestMs, 2)} ms, so one API process on a free core tops out near ${fmt(1000 / cpuPerRequestMs, 0)} req/s`);
    // Where a contact's CPU goes on this machine's cores: the API's, Postgres's and the load generator's, against pgbench's Postgres time.
    console.log(`CPU per contact (max runs): Postgres ${fmt(postgresPerRequestMs, 2)} ms through the API, ${fmt(baseline.serverMsPerTx, 2)} ms under pgbench; API ${fmt(cpuPerRequestMs, 2)} ms; HTTP load generator ${fmt(clientPerRequestMs, 2)} ms`);
    console.log(`machine CPU busy before the bench: ${fmt(busy, 0)}%`);
    const per = REPLICAS > 1 ? ` (sum of ${REPLICAS} replicas)` : '';
    console.log(`API RSS${per}: ${fmt(idleRss, 0)} MB after warm-up, ${fmt(peakAtRate, 0)} MB peak at ${RATE} req/s (PERF-7 target < 300 MB per process), ${fmt(peakRss, 0)} MB peak over the whole run (the maximum-throughput run included), ${fmt(endRss, 0)} MB at the end`);
    if (process.env.BENCH_RESULT_FILE) {
      // Read by bench/run-all.js (npm run bench), which prints one table for every benchmark.
      const peakPerProcess = peakAtRate / REPLICAS;
      writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify({ bench: 'intake', busy, figures: [
        { id: 'PERF-1', figure: `intake throughput (HTTP, ${CONCURRENCY} concurrent)`, measured: `${fmt(max.rps)} req/s`, target: '>= 50% of pgbench', baseline: `pgbench contact tx ${fmt(baseline.tps)} tx/s`, ratio: `${fmt(ratio * 100)}%`, met: ratio >= 0.5 },
        { id: 'PERF-2', figure: `intake p99 at ${RATE}/s (${fixed.errors} non-201)`, measured: `p99 ${fmt(fixed.p99, 2)} ms`, target: "<= 1.5x pgbench's p99", baseline: `pgbench p99 at ${RATE}/s ${fmt(baselineAtRate.p99, 2)} ms`, ratio: `${fmt(p99Ratio, 2)}x`, met: perf2Met },
        { id: 'PERF-7', figure: 'API RSS under PERF-2 load', measured: `${fmt(peakPerProcess, 0)} MB peak (whole run ${fmt(peakRss / REPLICAS, 0)})`, target: '< 300 MB', baseline: `${fmt(idleRss / REPLICAS, 0)} MB after warm-up`, ratio: `${fmt(peakPerProcess / (idleRss / REPLICAS), 2)}x`, met: peakPerProcess < 300 },
      ] }));
    }
  } finally {
    clearInterval(sampler);
    for (const api of apis) api.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
