'use strict';
/**
 * npm run bench:import — SPEC PERF-6, bulk import of historical contacts, in one command:
 *   1. a fresh bench database (BENCH_IMPORT_DATABASE_URL, default mash_bench_import), migrated;
 *   2. an NDJSON file of BENCH_IMPORT_CONTACTS (default 50,000) historical contacts over six years, in
 *      time order, from the seeded contact stream of bench/intake/bodies.js (deleted when the bench ends);
 *   3. baseline, same run: the database taking the same file raw — COPY of its lines into a one-column
 *      jsonb table (parsing the JSON, no checks, no normalised rows): the ceiling of any import;
 *   4. `node dist/src/import.js` on the file, as an operator runs it -> contacts per second;
 *   5. a table with the ratio to the baseline and the PERF-6 verdict (at least 50% of the COPY's rate),
 *      and where the CPU went in each (the process, the Postgres backends).
 * BENCH_PROFILE_DIR=dir writes a CPU profile of the import (read it with bench/profile-summary.js);
 * BENCH_QUICK=1 imports 10,000 contacts. bench/import/import-ab.js compares two builds in turns.
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { knob } = require('../shared/knobs');
const { machineBusy } = require('../shared/proc');
const { freshDatabase, importRun, rawCopy, scratchDir, writeContactsFile } = require('./import-bench');

const root = join(__dirname, '..', '..');
const DB = process.env.BENCH_IMPORT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench_import';
const N = knob('BENCH_IMPORT_CONTACTS', 50_000, 10_000);
const PROFILE_ARGS = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');

async function main() {
  console.log(`bench:import: ${N} historical contacts into ${DB.replace(/\/\/[^@]*@/, '//')} (created afresh)`);
  await freshDatabase(DB, root);
  const scratch = scratchDir();
  try {
    const file = join(scratch.dir, 'contacts.ndjson');
    const bytes = writeContactsFile(file, N);
    console.log(`file: ${N} lines, ${fmt(bytes / 1e6, 1)} MB`);
    const busy = await machineBusy();
    console.log(`machine CPU already busy before the bench: ${fmt(busy)}% (other processes share the cores; figures are only comparable within one run)`);

    const baseline = await rawCopy(DB, file);
    console.log(`baseline: COPY of the raw lines into jsonb: ${baseline.rows} rows in ${fmt(baseline.seconds, 2)} s`);

    const run = await importRun(DB, root, file, PROFILE_ARGS);
    process.stdout.write(run.stdout);
    const rate = run.imported / run.seconds;
    const baseRate = baseline.rows / baseline.seconds;
    const ratio = rate / baseRate;
    const met = ratio >= 0.5;
    const cpu = (r, who) => `${fmt(r.processCpu + r.postgresCpu, 1)} s (${who} ${fmt(r.processCpu, 1)}, Postgres ${fmt(r.postgresCpu, 1)})`;
    console.log(['', '| PERF-6: bulk import of historical contacts | value |', '|---|---|',
      `| contacts in the file / imported | ${N} / ${run.imported} |`,
      `| import (node dist/src/import.js, whole process) | ${fmt(run.seconds, 1)} s, ${fmt(rate)} contacts/s |`,
      `| baseline: COPY of the same lines into jsonb | ${fmt(baseline.seconds, 2)} s, ${fmt(baseRate)} lines/s |`,
      `| import / baseline | ${fmt(100 * ratio, 1)}% |`,
      `| target PERF-6: >= 50% of the COPY | ${met ? 'met' : 'NOT met'} |`,
      `| CPU of the import | ${cpu(run, 'Node')} |`,
      `| CPU of the baseline | ${cpu(baseline, 'psql')} |`, ''].join('\n'));
    if (process.env.BENCH_RESULT_FILE) {
      writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify({ bench: 'import', busy, figures: [
        { id: 'PERF-6', figure: `bulk import of ${N} historical contacts (NDJSON, checked as intake checks)`, measured: `${fmt(rate)} contacts/s`, target: '>= 50% of COPY', baseline: `raw COPY of the lines ${fmt(baseRate)}/s`, ratio: `${fmt(100 * ratio, 1)}%`, met },
      ] }));
    }
  } finally {
    scratch.remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
