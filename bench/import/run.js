'use strict';
/**
 * npm run bench:import — SPEC PERF-6, bulk import of historical contacts, in one command:
 *   1. a fresh bench database (BENCH_IMPORT_DATABASE_URL, default mash_bench_import), migrated;
 *   2. an NDJSON file of BENCH_IMPORT_CONTACTS (default 50,000) historical contacts over six years, in
 *      time order, from the seeded contact stream of bench/intake/bodies.js;
 *   3. baseline, same run: the database taking the same file raw — COPY of its lines into a one-column
 *      jsonb table (parsing the JSON, no checks, no normalised rows): the ceiling of any import;
 *   4. `node dist/src/import.js` on the file, as an operator runs it -> contacts per second;
 *   5. a table with the ratio to the baseline and the PERF-6 verdict (at least 50% of the COPY's rate).
 * BENCH_PROFILE_DIR=dir writes a CPU profile of the import (read it with bench/profile-summary.js);
 * BENCH_QUICK=1 imports 10,000 contacts.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ContactStream } = require('../intake/bodies');
const { dropBenchDatabase } = require('../shared/bench-database');
const { knob } = require('../shared/knobs');
const { machineBusy } = require('../shared/proc');

const root = join(__dirname, '..', '..');
const DB = process.env.BENCH_IMPORT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench_import';
const N = knob('BENCH_IMPORT_CONTACTS', 50_000, 10_000);
const PROFILE_ARGS = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
const env = { ...process.env, NODE_ENV: 'development', DATABASE_URL: DB, LOG_LEVEL: 'warn' };
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');

/** Historical contacts in time order over the last six years, each dated relative to when it was received. */
function writeFile(path) {
  const stream = new ContactStream();
  const span = 6 * 365 * 86_400_000;
  const start = Date.now() - span;
  const lines = [];
  for (let i = 0; i < N; i++) {
    const at = start + Math.floor((i * (span - 86_400_000)) / N);
    const body = stream.body(i % 7 === 0 ? 'police_notification' : 'professional', at);
    lines.push(JSON.stringify({ legacyReference: `LEG-${i}`, receivedAt: new Date(at).toISOString(), referrerType: i % 7 === 0 ? 'police' : 'professional', ...body }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

/** Baseline: psql's \copy of the file's lines into a jsonb column (CSV with quote and delimiter bytes no JSON line holds). */
async function rawCopy(path) {
  const psql = (sql) => execFileSync('psql', [DB, '-Atq', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' }).trim();
  psql('CREATE TABLE bench_raw_lines (line jsonb NOT NULL)');
  const started = process.hrtime.bigint();
  psql(`\\copy bench_raw_lines (line) FROM '${path}' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = Number(psql('SELECT count(*) FROM bench_raw_lines'));
  psql('DROP TABLE bench_raw_lines');
  return { rows, seconds };
}

async function main() {
  console.log(`bench:import: ${N} historical contacts into ${DB.replace(/\/\/[^@]*@/, '//')} (created afresh)`);
  await dropBenchDatabase(DB);
  execFileSync('node', [join(root, 'dist/src/migrate.js')], { env, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'mash-bench-import-'));
  const file = join(dir, 'contacts.ndjson');
  const bytes = writeFile(file);
  console.log(`file: ${N} lines, ${fmt(bytes / 1e6, 1)} MB`);
  const busy = await machineBusy();
  console.log(`machine CPU already busy before the bench: ${fmt(busy)}% (other processes share the cores; figures are only comparable within one run)`);

  const baseline = await rawCopy(file);
  console.log(`baseline: COPY of the raw lines into jsonb: ${baseline.rows} rows in ${fmt(baseline.seconds, 2)} s`);

  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [...PROFILE_ARGS, join(root, 'dist/src/import.js'), file, '--system=bench'], { env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(run.stdout);
  if (run.status !== 0) {
    process.stderr.write(run.stderr.split('\n').slice(0, 10).join('\n'));
    throw new Error(`the import exited with ${run.status}`);
  }
  const imported = Number(/(\d+) contacts imported/.exec(run.stdout)?.[1] ?? NaN);
  const rate = imported / seconds;
  const baseRate = baseline.rows / baseline.seconds;
  const ratio = rate / baseRate;
  const met = ratio >= 0.5;
  console.log(['', '| PERF-6: bulk import of historical contacts | value |', '|---|---|',
    `| contacts in the file / imported | ${N} / ${imported} |`,
    `| import (node dist/src/import.js, whole process) | ${fmt(seconds, 1)} s, ${fmt(rate)} contacts/s |`,
    `| baseline: COPY of the same lines into jsonb | ${fmt(baseline.seconds, 2)} s, ${fmt(baseRate)} lines/s |`,
    `| import / baseline | ${fmt(100 * ratio, 1)}% |`,
    `| target PERF-6: >= 50% of the COPY | ${met ? 'met' : 'NOT met'} |`, ''].join('\n'));
  if (process.env.BENCH_RESULT_FILE) {
    writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify({ bench: 'import', busy, figures: [
      { id: 'PERF-6', figure: `bulk import of ${N} historical contacts (NDJSON, checked as intake checks)`, measured: `${fmt(rate)} contacts/s`, target: '>= 50% of COPY', baseline: `raw COPY of the lines ${fmt(baseRate)}/s`, ratio: `${fmt(100 * ratio, 1)}%`, met },
    ] }));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
