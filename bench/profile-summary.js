'use strict';
/**
 * Reads V8 CPU profiles (.cpuprofile, written by `node --cpu-prof`, e.g. with BENCH_PROFILE_DIR set
 * for bench:intake or bench:triage) and prints where the time went:
 *   - by package (node_modules/<name>, our own src/..., node internals, GC, idle), self time;
 *   - the heaviest functions by self time;
 *   - with --focus=<substring>, the total (self + children) time of functions whose name or file match.
 *
 *   node bench/profile-summary.js /tmp/prof/CPU.*.cpuprofile [--top=30] [--focus=prepareContact]
 */
const { readFileSync } = require('node:fs');

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
const option = (name, fallback) => (args.find((a) => a.startsWith(`--${name}=`)) ?? `=${fallback}`).split('=').slice(1).join('=');
const TOP = Number(option('top', 25));
const FOCUS = option('focus', '');

function bucketOf(frame) {
  const url = frame.url || '';
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const own = /\/(dist\/)?(src\/[^/]+(?:\/[^/]+)?)/.exec(url);
  if (own) return own[2];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url.replace(/^.*\//, '');
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Self time per node: sum of the sample intervals attributed to it.
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...self.entries()].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
  const busyUs = totalUs - idleUs;
  const pct = (us) => ((100 * us) / busyUs).toFixed(1).padStart(5) + '%';

  const buckets = new Map();
  const functions = new Map();
  for (const [id, us] of self) {
    const frame = byId.get(id).callFrame;
    if (frame.functionName === '(idle)') continue;
    const b = bucketOf(frame);
    buckets.set(b, (buckets.get(b) ?? 0) + us);
    const key = `${frame.functionName || '(anonymous)'} ${b}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  console.log(`\n${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busyUs / 1e6).toFixed(1)} s busy (${((100 * busyUs) / totalUs).toFixed(0)}%)`);
  console.log('\nself time by package / folder (share of busy time):');
  for (const [b, us] of [...buckets].sort((x, y) => y[1] - x[1]).slice(0, TOP)) console.log(`  ${pct(us)}  ${b}`);
  console.log('\nheaviest functions, self time:');
  for (const [f, us] of [...functions].sort((x, y) => y[1] - x[1]).slice(0, TOP)) console.log(`  ${pct(us)}  ${f}`);

  if (FOCUS) {
    // Inclusive time: a sample counts once for every distinct matching function on its stack.
    const inclusive = new Map();
    for (const [id, us] of self) {
      const seen = new Set();
      for (let n = id; n !== undefined; n = parent.get(n)) {
        const frame = byId.get(n).callFrame;
        const key = `${frame.functionName || '(anonymous)'} ${bucketOf(frame)}:${frame.lineNumber + 1}`;
        if (seen.has(key) || !(key.includes(FOCUS))) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
    console.log(`\ninclusive time of functions matching "${FOCUS}":`);
    for (const [f, us] of [...inclusive].sort((x, y) => y[1] - x[1]).slice(0, TOP)) console.log(`  ${pct(us)}  ${f}`);
  }
}
