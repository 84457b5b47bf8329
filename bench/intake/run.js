'use strict';
/**
 * npm run bench:intake — SPEC PERF-1 and PERF-2 for contact intake, in one command:
 *   1. migrate and seed a bench database (BENCH_DATABASE_URL, default mash_bench_intake);
 *   2. pgbench: the same rows as one contact, in one transaction, 16 clients -> baseline tx/s; then the
 *      same at the fixed rate -> baseline latency percentiles at that rate (PERF-2);
 *   3. start the built API (dist/src/main.js) on a free port and log in as a referrer, a police officer and a partner;
 *   4. HTTP: maximum throughput (16 concurrent, 20 s), then a fixed 200 requests/s for 60 s -> latency percentiles;
 *   5. print a table with the ratio to the baseline and the API's resident memory.
 * Durations can be shortened for a quick look: BENCH_PGBENCH_SECONDS, BENCH_PGBENCH_RATE_SECONDS, BENCH_MAX_SECONDS, BENCH_RATE_SECONDS, BENCH_RATE.
 * BENCH_API_REPLICAS=2 runs two API processes (SPEC OPS-7: the API is stateless) and spreads requests over them.
 */
const { execFileSync, spawn } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const net = require('node:net');
const { join } = require('node:path');
const { ContactStream } = require('./bodies');
const { cpuSeconds, serverCpuSeconds, rssMb } = require('../shared/proc');
const { percentile } = require('../shared/stats');
const { apiNodeFlags } = require('../shared/node-flags');
const { closedLoop, fixedRate } = require('./http-load');

const root = join(__dirname, '..', '..');
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench_intake';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 20);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 60);
const PGBENCH_RATE_SECONDS = Number(process.env.BENCH_PGBENCH_RATE_SECONDS ?? 30);
const REPLICAS = Number(process.env.BENCH_API_REPLICAS ?? 1);

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

function pgbenchBinary() {
  for (const candidate of ['/usr/bin/pgbench', ...['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`)]) if (existsSync(candidate)) return candidate;
  return 'pgbench';
}

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

function pgbench(userId) {
  psql('CREATE SEQUENCE IF NOT EXISTS bench_pgbench_reference');
  const postgresBefore = serverCpuSeconds('postgres');
  const out = execFileSync(pgbenchBinary(), ['-n', '-M', 'prepared', '-c', String(CONCURRENCY), '-j', '2', '-T', String(PGBENCH_SECONDS), '-D', `user_id=${userId}`, '-f', join(__dirname, 'pgbench-contact.sql'), DB], { encoding: 'utf8' });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  const latency = /latency average = ([\d.]+) ms/.exec(out);
  const transactions = /number of transactions actually processed: (\d+)/.exec(out);
  if (!tps) throw new Error(`cannot read pgbench output:\n${out}`);
  const postgresMsPerTx = transactions ? ((serverCpuSeconds('postgres') - postgresBefore) * 1000) / Number(transactions[1]) : NaN;
  return { tps: Number(tps[1]), latencyMs: latency ? Number(latency[1]) : NaN, postgresMsPerTx };
}

/**
 * The baseline for PERF-2: the same transaction sent by pgbench at the same fixed rate, its latency
 * per transaction (from its scheduled start, as the HTTP figures are) read from pgbench's log, so a
 * machine whose own tail is long shows it here too.
 */
function pgbenchAtRate(userId, rate, seconds) {
  const dir = mkdtempSync(join(tmpdir(), 'pgbench-rate-'));
  try {
    execFileSync(pgbenchBinary(), ['-n', '-M', 'prepared', '-c', String(CONCURRENCY), '-j', '2', '-R', String(rate), '-T', String(seconds), '-l', `--log-prefix=${join(dir, 'tx')}`,
      '-D', `user_id=${userId}`, '-f', join(__dirname, 'pgbench-contact.sql'), DB], { encoding: 'utf8' });
    // Each line: client_id transaction_no time_us script_no epoch epoch_us schedule_lag_us
    const latencies = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
      .map((line) => line.split(' ').map(Number)).map((c) => (c[2] + (c[6] || 0)) / 1000).sort((a, b) => a - b);
    return { count: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How busy the machine is before we start (other processes share its cores), in % of all CPUs over 2 s. */
async function machineBusy() {
  const read = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const a = read();
  await new Promise((r) => setTimeout(r, 2000));
  const b = read();
  const d = b.map((v, k) => v - a[k]);
  const total = d.reduce((x, y) => x + y, 0);
  return total ? (100 * (total - d[3] - d[4])) / total : NaN;
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
  const baseline = pgbench(referrerId);
  console.log(`pgbench at ${RATE} tx/s, ${PGBENCH_RATE_SECONDS} s ...`);
  const baselineAtRate = pgbenchAtRate(referrerId, RATE, PGBENCH_RATE_SECONDS);

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
    console.log(`p99 at ${RATE} req/s: ${fmt(fixed.p99, 2)} ms  (PERF-2 target < 50 ms: ${fixed.p99 < 50 && fixed.errors === 0 ? 'met' : 'NOT met'}); pgbench's own p99 at that rate: ${fmt(baselineAtRate.p99, 2)} ms`);
    for (const [name, run] of [['max', max], ['fixed-rate', fixed]]) if (run.errors) console.log(`non-201 answers in the ${name} run, by status (0: connection failed): ${JSON.stringify(run.byStatus)}`);
    console.log(`API CPU per request (max run): ${fmt(cpuPerRequestMs, 2)} ms, so one API process on a free core tops out near ${fmt(1000 / cpuPerRequestMs, 0)} req/s`);
    // Where a contact's CPU goes on this machine's cores: the API's, Postgres's and the load generator's, against pgbench's Postgres time.
    console.log(`CPU per contact (max runs): Postgres ${fmt(postgresPerRequestMs, 2)} ms through the API, ${fmt(baseline.postgresMsPerTx, 2)} ms under pgbench; API ${fmt(cpuPerRequestMs, 2)} ms; HTTP load generator ${fmt(clientPerRequestMs, 2)} ms`);
    console.log(`machine CPU busy before the bench: ${fmt(busy, 0)}%`);
    const per = REPLICAS > 1 ? ` (sum of ${REPLICAS} replicas)` : '';
    console.log(`API RSS${per}: ${fmt(idleRss, 0)} MB after warm-up, ${fmt(peakAtRate, 0)} MB peak at ${RATE} req/s (PERF-7 target < 300 MB per process), ${fmt(peakRss, 0)} MB peak over the whole run (the maximum-throughput run included), ${fmt(endRss, 0)} MB at the end`);
    if (process.env.BENCH_RESULT_FILE) {
      // Read by bench/run-all.js (npm run bench), which prints one table for every benchmark.
      const peakPerProcess = peakAtRate / REPLICAS;
      writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify({ bench: 'intake', busy, figures: [
        { id: 'PERF-1', figure: 'intake throughput', measured: `${fmt(max.rps)} req/s`, target: '>= 50% of pgbench', baseline: `pgbench ${fmt(baseline.tps)} tx/s`, ratio: `${fmt(ratio * 100)}%`, met: ratio >= 0.5 },
        { id: 'PERF-2', figure: `intake p99 at ${RATE}/s`, measured: `${fmt(fixed.p99, 2)} ms`, target: '< 50 ms', baseline: `pgbench p99 at ${RATE}/s ${fmt(baselineAtRate.p99, 2)} ms`, ratio: `${fmt(fixed.p99 / baselineAtRate.p99, 1)}x`, met: fixed.p99 < 50 && fixed.errors === 0 },
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
