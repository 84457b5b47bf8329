'use strict';
/**
 * API and Postgres CPU per contact of two builds, taken in turns in one run: on a machine whose other load comes
 * and goes, alternating is what makes two figures comparable (bench:intake runs one build once).
 *   node bench/intake/api-cpu-ab.js <dir A> <dir B>     each dir a checkout with `nest build` done
 * Same callers, bodies and 16 keep-alive connections as bench:intake's maximum run, LOG_LEVEL=info,
 * each build with the Node flags of its own `npm start` (so a flag is compared as a build is);
 * CPU from /proc/<pid>/stat over BENCH_AB_SECONDS (15) after a 3 s warm-up, BENCH_AB_ROUNDS (3)
 * rounds, medians printed, with each run's peak resident memory (PERF-7). Database: BENCH_DATABASE_URL, migrated and seeded (run bench:intake once).
 */
const { spawn } = require('node:child_process');
const net = require('node:net');
const { join, resolve } = require('node:path');
const { ContactStream } = require('./bodies');
const { cpuSeconds, rssMb } = require('../shared/proc');
const { postgresCpu } = require('../shared/postgres-cpu');
const { apiNodeFlags } = require('../shared/node-flags');
const { closedLoop } = require('./http-load');

const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench_intake';
const SECONDS = Number(process.env.BENCH_AB_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 3);
const dirs = process.argv.slice(2, 4).map((d) => resolve(d));
if (dirs.length !== 2) {
  console.error('usage: node bench/intake/api-cpu-ab.js <dir A> <dir B>');
  process.exit(2);
}

function freePort() {
  return new Promise((done) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function measure(dir, port) {
  const env = { ...process.env, NODE_ENV: 'development', DATABASE_URL: DB, QUEUE_PREFIX: 'bench-ab', LOG_LEVEL: 'info', JWT_TTL: '1h', PORT: String(port) };
  const api = spawn('node', [...apiNodeFlags(dir), join(dir, 'dist/src/main.js')], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (let i = 0; !(await fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false)); i++) {
      if (api.exitCode !== null || i > 600) throw new Error(`the API in ${dir} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = async (email, password) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
      return (await res.json()).accessToken;
    };
    const callers = [
      { token: await login('referrer@mash.localhost', 'Referrer-dev-2026!'), channel: 'professional' },
      { token: await login('police@mash.localhost', 'Police-dev-2026!'), channel: 'police_notification' },
      { token: await login('partner@mash.localhost', 'Partner-dev-2026!'), channel: 'professional' },
    ];
    const stream = new ContactStream();
    const bodies = callers.map((c) => Array.from({ length: 1500 }, () => Buffer.from(JSON.stringify(stream.body(c.channel)))));
    let i = 0;
    const next = () => {
      const c = i++ % callers.length;
      const headers = { authorization: `Bearer ${callers[c].token}` };
      if (i % 5 === 0) headers['idempotency-key'] = `bench-ab-${process.pid}-${port}-${i}`;
      return { path: '/api/v1/contacts', headers, body: bodies[c][Math.floor(i / callers.length) % bodies[c].length] };
    };
    await closedLoop({ port, concurrency: 16, seconds: 3, next });
    const before = cpuSeconds(api.pid);
    const database = await postgresCpu(DB, [new URL(DB).pathname.slice(1)]);
    let rss = rssMb(api.pid);
    const sampler = setInterval(() => (rss = Math.max(rss, rssMb(api.pid))), 250);
    const run = await closedLoop({ port, concurrency: 16, seconds: SECONDS, next }).finally(() => clearInterval(sampler));
    const postgresMs = ((await database.stop()) * 1000) / run.requests;
    return { ms: ((cpuSeconds(api.pid) - before) * 1000) / run.requests, postgresMs, rps: run.rps, requests: run.requests, errors: run.errors, rss };
  } finally {
    if (api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
    }
  }
}

(async () => {
  const figures = dirs.map(() => []);
  const postgres = dirs.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const k of round % 2 ? [1, 0] : [0, 1]) {
      const r = await measure(dirs[k], await freePort());
      figures[k].push(r.ms);
      postgres[k].push(r.postgresMs);
      console.log(`${'AB'[k]} ${dirs[k]}: ${r.ms.toFixed(2)} ms API CPU and ${r.postgresMs.toFixed(2)} ms Postgres CPU per request, ${r.rps.toFixed(0)} req/s, ${r.errors}/${r.requests} non-201, RSS peak ${r.rss.toFixed(0)} MB`);
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const [a, b] = figures.map(median);
  console.log(`median API CPU per request: A ${a.toFixed(2)} ms, B ${b.toFixed(2)} ms (B ${(100 * (b / a - 1)).toFixed(0)}% against A)`);
  const [pa, pb] = postgres.map(median);
  console.log(`median Postgres CPU per request: A ${pa.toFixed(2)} ms, B ${pb.toFixed(2)} ms (B ${(100 * (pb / pa - 1)).toFixed(0)}% against A)`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
