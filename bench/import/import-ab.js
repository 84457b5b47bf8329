'use strict';
/**
 * PERF-6 of two builds, taken in turns in one run (old, new, old, new...): on a machine whose other
 * load comes and goes, alternating is what makes two figures comparable (bench:import runs one build once).
 *   node bench/import/import-ab.js <dir A> <dir B>     each dir a checkout with `nest build` done
 * One file of BENCH_IMPORT_CONTACTS (50,000) lines for every run; each run gets a fresh database
 * (BENCH_IMPORT_DATABASE_URL) migrated by its build, then its own baseline COPY and the import, as
 * bench:import does. BENCH_AB_ROUNDS (2) rounds; prints each run and the medians.
 */
const { join, resolve } = require('node:path');
const { knob } = require('../shared/knobs');
const { freshDatabase, importRun, rawCopy, scratchDir, writeContactsFile } = require('./import-bench');

const DB = process.env.BENCH_IMPORT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench_import';
const N = knob('BENCH_IMPORT_CONTACTS', 50_000, 10_000);
const ROUNDS = knob('BENCH_AB_ROUNDS', 2);
const dirs = process.argv.slice(2, 4).map((d) => resolve(d));
if (dirs.length !== 2) {
  console.error('usage: node bench/import/import-ab.js <dir A> <dir B>');
  process.exit(2);
}
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const scratch = scratchDir();
  try {
    const file = join(scratch.dir, 'contacts.ndjson');
    writeContactsFile(file, N);
    const results = dirs.map(() => []);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, dir] of dirs.entries()) {
        await freshDatabase(DB, dir);
        const base = await rawCopy(DB, file);
        const run = await importRun(DB, dir, file);
        const r = {
          ratio: run.imported / run.seconds / (base.rows / base.seconds), seconds: run.seconds, baseSeconds: base.seconds,
          node: run.processCpu, postgres: run.postgresCpu, baseCpu: base.processCpu + base.postgresCpu, imported: run.imported,
        };
        results[i].push(r);
        console.log(`round ${round} ${'AB'[i]} (${dir}): import ${fmt(r.seconds)} s, COPY ${fmt(r.baseSeconds, 2)} s, ratio ${fmt(100 * r.ratio)}%; ` +
          `CPU Node ${fmt(r.node)} s + Postgres ${fmt(r.postgres)} s = ${fmt(r.node + r.postgres)} s (COPY ${fmt(r.baseCpu)} s); ${r.imported} imported`);
      }
    }
    console.log(['', `| median of ${ROUNDS} | ratio to COPY | import s | COPY s | Node CPU s | Postgres CPU s | import CPU / COPY CPU |`, '|---|---|---|---|---|---|---|',
      ...dirs.map((dir, i) => {
        const rs = results[i];
        const m = (f) => median(rs.map(f));
        return `| ${'AB'[i]} ${dir} | ${fmt(100 * m((r) => r.ratio))}% | ${fmt(m((r) => r.seconds))} | ${fmt(m((r) => r.baseSeconds), 2)} | ${fmt(m((r) => r.node))} | ${fmt(m((r) => r.postgres))} | ${fmt(m((r) => (r.node + r.postgres) / r.baseCpu))}x |`;
      }), ''].join('\n'));
  } finally {
    scratch.remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
