'use strict';
/**
 * npm run bench — every benchmark in one command, then ONE table of the SPEC PERF figures:
 * measured value, target, the baseline that benchmark measured in the same run, and the ratio.
 *
 * Each benchmark is a script under bench/ (intake: run.js after `nest build`, which the npm script
 * does; triage and people: their own npm scripts, which compile them). A
 * benchmark that writes JSON to BENCH_RESULT_FILE ({ figures: [{ id, figure, measured, target,
 * baseline, ratio, met }] }) is read as such; one that does not is still run and its lines that name a
 * PERF id are copied into the table. A benchmark that is not there yet is listed as missing, and so is
 * every PERF id nothing measured. Options: BENCH_ONLY=intake,triage to run some of them; BENCH_QUICK=1
 * shortens the intake, triage and import runs (a check that the chain works; noisier figures).
 */
const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

// `entry`: the file that says the benchmark exists; `command`: how to run it (the TypeScript ones
// compile themselves through their own npm scripts).
const BENCHES = [
  { name: 'intake', entry: 'intake/run.js', command: [process.execPath, [join(__dirname, 'intake', 'run.js')]], covers: ['PERF-1', 'PERF-2', 'PERF-7'] },
  { name: 'triage', entry: 'triage/triage-bench.ts', command: ['npm', ['run', '--silent', 'bench:triage']], covers: ['PERF-3', 'PERF-7'] },
  { name: 'people', entry: 'people/run.ts', command: ['npm', ['run', '--silent', 'bench:people']], covers: ['PERF-4', 'PERF-5'] },
  { name: 'import', entry: 'import/run.js', command: [process.execPath, [join(__dirname, 'import', 'run.js')]], covers: ['PERF-6'] },
];
const ALL_PERF = ['PERF-1', 'PERF-2', 'PERF-3', 'PERF-4', 'PERF-5', 'PERF-6', 'PERF-7'];
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : undefined;

function run([command, args], resultFile) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: join(__dirname, '..'), env: { ...process.env, BENCH_RESULT_FILE: resultFile }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

function table(head, rows) {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => `| ${cells.map((x, c) => String(x).padEnd(widths[c])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mash-bench-'));
  const rows = [];
  const notes = [];
  for (const bench of BENCHES) {
    if (only && !only.includes(bench.name)) continue;
    if (!existsSync(join(__dirname, bench.entry))) {
      notes.push(`bench/${bench.entry} is missing: ${bench.covers.join(', ')} not measured`);
      continue;
    }
    console.log(`\n=== bench/${bench.name}`);
    const resultFile = join(dir, `${bench.name}.json`);
    const { code, out } = await run(bench.command, resultFile);
    if (code !== 0) notes.push(`bench/${bench.name} exited with ${code}`);
    if (existsSync(resultFile)) {
      const result = JSON.parse(readFileSync(resultFile, 'utf8'));
      if (Number.isFinite(result.busy)) notes.push(`bench/${bench.name}: machine CPU already ${Math.round(result.busy)}% busy before it started (other processes share the cores)`);
      for (const f of result.figures) rows.push([f.id, f.figure, f.measured, f.target, f.baseline ?? '-', f.ratio ?? '-', f.met ? 'met' : 'NOT met', bench.name]);
    } else {
      // No JSON: carry the benchmark's own PERF lines over as they are.
      for (const line of out.split('\n').filter((l) => /PERF-\d/.test(l))) rows.push([/PERF-\d/.exec(line)[0], line.trim(), '', '', '', '', '', bench.name]);
    }
  }
  const measured = new Set(rows.map((r) => r[0]));
  for (const id of ALL_PERF) if (!measured.has(id)) rows.push([id, 'not measured in this run', '-', '-', '-', '-', '-', '-']);
  rows.sort((a, b) => Number(a[0].slice(5)) - Number(b[0].slice(5)));
  console.log('\n=== npm run bench: SPEC PERF figures (baselines measured in this same run; compare ratios, not absolute figures, across machines)\n');
  console.log(table(['PERF', 'figure', 'measured', 'target', 'baseline (same run)', 'ratio', 'verdict', 'bench'], rows));
  for (const note of notes) console.log(`note: ${note}`);
  process.exitCode = notes.some((n) => n.includes('exited')) ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
