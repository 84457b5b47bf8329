'use strict';
/**
 * The raw-Postgres baseline of SPEC §14: `pgbench` running pgbench-contact.sql, the rows of one contact
 * in one transaction. The intake bench compares HTTP intake with it (PERF-1, PERF-2), the triage bench
 * compares grading with it (PERF-3).
 */
const { execFile, execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { exitedChildrenCpuSeconds, serverCpuSeconds } = require('./proc');
const { postgresCpu } = require('./postgres-cpu');
const { percentile } = require('./stats');

const CONTACT_SCRIPT = join(__dirname, 'pgbench-contact.sql');

function pgbenchBinary() {
  for (const candidate of ['/usr/bin/pgbench', ...['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`)]) if (existsSync(candidate)) return candidate;
  return 'pgbench';
}

/** The script numbers its contacts' references from a sequence of its own. */
function prepareContactScript(db) {
  execFileSync('psql', [db, '-Atq', '-v', 'ON_ERROR_STOP=1', '-c', 'CREATE SEQUENCE IF NOT EXISTS bench_pgbench_reference'], {
    encoding: 'utf8',
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' }, // not "already exists, skipping" on every run
  });
}

/**
 * The contact transaction as fast as Postgres takes it: `clients` connections for `seconds`, prepared
 * statements -> transactions per second, and the CPU of one transaction: Postgres for that database
 * (its backends and the shared WAL writer, checkpointer and background writer: postgres-cpu.js), the
 * whole server beside it, and the pgbench process itself (its threads; read from this process's
 * counters of children it has waited for, so nothing else may exit as our child meanwhile).
 */
async function pgbenchMax({ db, userId, clients, seconds }) {
  prepareContactScript(db);
  const serverBefore = serverCpuSeconds('postgres');
  const pgbenchBefore = exitedChildrenCpuSeconds();
  const database = await postgresCpu(db, [decodeURIComponent(new URL(db).pathname.slice(1))]);
  const out = await new Promise((resolve, reject) => {
    execFile(pgbenchBinary(), ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-D', `user_id=${userId}`, '-f', CONTACT_SCRIPT, db], { encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(new Error(`pgbench failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
  const postgresSeconds = await database.stop();
  const serverSeconds = serverCpuSeconds('postgres') - serverBefore;
  const pgbenchSeconds = exitedChildrenCpuSeconds() - pgbenchBefore;
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  const latency = /latency average = ([\d.]+) ms/.exec(out);
  const processed = /number of transactions actually processed: (\d+)/.exec(out);
  if (!tps || !processed) throw new Error(`cannot read pgbench output:\n${out}`);
  const transactions = Number(processed[1]);
  const perTx = (s) => (s * 1000) / transactions;
  return {
    tps: Number(tps[1]),
    latencyMs: latency ? Number(latency[1]) : NaN,
    transactions,
    postgresMsPerTx: perTx(postgresSeconds),
    serverMsPerTx: perTx(serverSeconds),
    pgbenchMsPerTx: perTx(pgbenchSeconds),
    cpuMsPerTx: perTx(postgresSeconds + pgbenchSeconds),
  };
}

/**
 * The same transaction at a fixed rate, its latency per transaction (from its scheduled start, as the
 * HTTP figures are) read from pgbench's log, so a machine whose own tail is long shows it here too.
 */
function pgbenchAtRate({ db, userId, clients, rate, seconds }) {
  prepareContactScript(db);
  const dir = mkdtempSync(join(tmpdir(), 'pgbench-rate-'));
  try {
    execFileSync(pgbenchBinary(), ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-R', String(rate), '-T', String(seconds), '-l', `--log-prefix=${join(dir, 'tx')}`,
      '-D', `user_id=${userId}`, '-f', CONTACT_SCRIPT, db], { encoding: 'utf8' });
    // Each line: client_id transaction_no time_us script_no epoch epoch_us schedule_lag_us
    const latencies = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
      .map((line) => line.split(' ').map(Number)).map((c) => (c[2] + (c[6] || 0)) / 1000).sort((a, b) => a - b);
    return { count: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { pgbenchMax, pgbenchAtRate };
