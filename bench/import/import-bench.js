'use strict';
/**
 * The pieces of the PERF-6 bench (bench/import/run.js, and bench/import/import-ab.js which alternates
 * two builds): the NDJSON file, the raw COPY baseline, and one import run, each with its wall time and
 * its CPU split between the process (psql, or node dist/src/import.js with its threads) and the
 * Postgres backends of the bench database (bench/shared/postgres-cpu.js).
 */
const { execFile, spawn } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { promisify } = require('node:util');
const { ContactStream } = require('../intake/bodies');
const { dropBenchDatabase } = require('../shared/bench-database');
const { postgresCpu } = require('../shared/postgres-cpu');
const { exitedChildrenCpuSeconds } = require('../shared/proc');

const run = promisify(execFile);
/** The command being measured, ended with the bench if it is interrupted. */
let running;
const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1));
const envFor = (url) => ({ ...process.env, NODE_ENV: 'development', DATABASE_URL: url, LOG_LEVEL: 'warn' });

/**
 * A temporary folder for the file, removed when the bench ends, fails or is interrupted (the file is
 * about 100 MB). Returns its path and the function that removes it.
 */
function scratchDir() {
  const dir = mkdtempSync(join(tmpdir(), 'mash-bench-import-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const interrupted = (signal) => {
    running?.kill('SIGTERM');
    remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  process.once('exit', remove);
  return {
    dir,
    remove() {
      remove();
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      process.off('exit', remove);
    },
  };
}

/** `n` historical contacts in time order over the last six years, each dated relative to when it was received; returns the bytes written. */
function writeContactsFile(path, n) {
  const stream = new ContactStream();
  const span = 6 * 365 * 86_400_000;
  const start = Date.now() - span;
  const lines = [];
  for (let i = 0; i < n; i++) {
    const at = start + Math.floor((i * (span - 86_400_000)) / n);
    const body = stream.body(i % 7 === 0 ? 'police_notification' : 'professional', at);
    lines.push(JSON.stringify({ legacyReference: `LEG-${i}`, receivedAt: new Date(at).toISOString(), referrerType: i % 7 === 0 ? 'police' : 'professional', ...body }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.reduce((total, l) => total + l.length + 1, 0);
}

/** A fresh bench database at `url`, migrated by the build in `root`. */
async function freshDatabase(url, root) {
  await dropBenchDatabase(url);
  await run(process.execPath, [join(root, 'dist/src/migrate.js')], { env: envFor(url) });
}

/**
 * Runs `command` to its end, timing it and taking the CPU it used (its own, threads included, read
 * once it has been reaped) and the Postgres backends' of the database at `url` meanwhile.
 */
async function measured(url, command, args, env) {
  const pg = await postgresCpu(url, [databaseName(url)]);
  const cpuBefore = exitedChildrenCpuSeconds();
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? signal));
  }).finally(() => (running = undefined));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const processCpu = exitedChildrenCpuSeconds() - cpuBefore;
  const postgres = await pg.stop();
  return { status, stdout, stderr, seconds, processCpu, postgresCpu: postgres };
}

/** Baseline: psql's \copy of the file's lines into a one-column jsonb table (CSV with quote and delimiter bytes no JSON line holds). */
async function rawCopy(url, file) {
  const psql = async (sql) => (await run('psql', [url, '-Atq', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' })).stdout.trim();
  await psql('CREATE TABLE bench_raw_lines (line jsonb NOT NULL)');
  const copy = await measured(url, 'psql', [url, '-Atq', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_raw_lines (line) FROM '${file}' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`], process.env);
  if (copy.status !== 0) throw new Error(`the baseline COPY failed: ${copy.stderr.slice(0, 500)}`);
  const rows = Number(await psql('SELECT count(*) FROM bench_raw_lines'));
  await psql('DROP TABLE bench_raw_lines');
  return { rows, ...copy };
}

/** `node dist/src/import.js` of the build in `root` on the file, as an operator runs it. */
async function importRun(url, root, file, nodeArgs = []) {
  const result = await measured(url, process.execPath, [...nodeArgs, join(root, 'dist/src/import.js'), file, '--system=bench'], envFor(url));
  if (result.status !== 0) {
    process.stderr.write(result.stderr.split('\n').slice(0, 10).join('\n'));
    throw new Error(`the import exited with ${result.status}`);
  }
  const imported = Number(/(\d+) contacts imported/.exec(result.stdout)?.[1] ?? NaN);
  return { imported, ...result };
}

module.exports = { scratchDir, writeContactsFile, freshDatabase, rawCopy, importRun };
