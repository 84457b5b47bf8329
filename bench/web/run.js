'use strict';
/**
 * bench:web (SPEC PERF-8): p95 of web pages against the JSON API's same read, in the same run, on
 * the same API process, one after the other:
 *   - the public referral's start page          against GET /health/live (the API's cheapest answer: the start page reads nothing)
 *   - a question-page post (session + the API's rules + redirect)
 *                                               against POST /api/v1/public/contacts refused by the same rules (400),
 *                                               and against the same contact accepted (201, a committed write)
 *   - "My referrals" (25 of 500 referrals)      against GET /api/v1/contacts?mine=true&limit=25
 * Closed loop, CONCURRENCY clients, SECONDS each. Target: each page at most 2x its API read.
 */
const http = require('node:http');
const net = require('node:net');
const { execFileSync, spawn } = require('node:child_process');
const { join } = require('node:path');
const { dropBenchDatabase } = require('../shared/bench-database');
const { apiNodeFlags } = require('../shared/node-flags');
const { percentile } = require('../shared/stats');

const root = join(__dirname, '..', '..');
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench_web';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 500);
// NODE_ENV=test: production settings but plain HTTP (production refuses the development secrets, and its cookie is Secure).
const env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: DB, LOG_LEVEL: 'warn', QUEUE_PREFIX: `bench-web-${process.pid}`, PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000' };

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request; resolves with status, headers and body text. */
function send(port, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = http.request({ host: '127.0.0.1', port, path, method, agent, headers: { ...headers, ...(data ? { 'content-length': data.length } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', () => resolve({ status: 0, headers: {}, text: '' }));
    req.end(data);
  });
}

/** A browser-like session: its cookie and its CSRF token. */
async function webSession(port, email, password) {
  const session = { cookie: '', csrf: '' };
  const keep = (res) => {
    const set = [].concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('mash-session='));
    if (set) session.cookie = set.split(';')[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1];
    if (token) session.csrf = token;
  };
  keep(await send(port, 'GET', '/sign-in'));
  if (email) {
    const form = new URLSearchParams({ email, password, _csrf: session.csrf }).toString();
    const res = await send(port, 'POST', '/sign-in', { headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    if (res.status !== 303) throw new Error(`web sign-in ${email}: ${res.status}`);
    keep(res);
  }
  keep(await send(port, 'GET', email ? '/referrals' : '/report/what-happened', { headers: { cookie: session.cookie } }));
  return session;
}

async function closedLoop(port, seconds, request, expected) {
  const latencies = [];
  let wrong = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) {
      const { method, path, headers, body } = request();
      const t0 = process.hrtime.bigint();
      const res = await send(port, method, path, { headers, body });
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.status !== expected) wrong++;
    }
  }));
  const sorted = Float64Array.from(latencies).sort();
  return { n: latencies.length, wrong, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function main() {
  console.log(`bench:web against ${DB.replace(/\/\/[^@]*@/, '//')}: ${CONCURRENCY} clients, ${SECONDS} s per measurement, ${REFERRALS} referrals`);
  await dropBenchDatabase(DB);
  execFileSync('node', [join(root, 'dist/src/migrate.js')], { env, stdio: 'inherit' });
  execFileSync('node', [join(root, 'dist/src/seed.js')], { env, stdio: 'inherit' });
  const port = await freePort();
  const api = spawn('node', [...apiNodeFlags(), join(root, 'dist/src/main.js')], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = () => api.exitCode === null && api.kill('SIGTERM');
  process.on('exit', stop);
  try {
    for (let i = 0; ; i++) {
      if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode}`);
      if ((await send(port, 'GET', '/health/live')).status === 200) break;
      if (i > 300) throw new Error('the API did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = await send(port, 'POST', '/api/v1/auth/token', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'referrer@mash.localhost', password: 'Referrer-dev-2026!' }) });
    const bearer = { authorization: `Bearer ${JSON.parse(login.text).accessToken}` };
    const contact = (i) => ({ channel: 'professional', subjects: [{ firstName: `Bench${i}`, lastName: 'Child', dateOfBirth: '2018-05-01' }], concerns: [{ category: 'neglect_indicator', description: `Bench referral ${i}` }] });
    for (let i = 0; i < REFERRALS; i++) {
      const res = await send(port, 'POST', '/api/v1/contacts', { headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify(contact(i)) });
      if (res.status !== 201) throw new Error(`referral ${i}: ${res.status}`);
    }
    const referrer = await webSession(port, 'referrer@mash.localhost', 'Referrer-dev-2026!');
    const visitor = await webSession(port);

    const childForm = new URLSearchParams({ firstName: 'Amy', lastName: 'Smith', 'dateOfBirth-day': '3', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2019', description: '', addressLine1: '12 High Street', postcode: 'NS1 1AA', school: '', _csrf: visitor.csrf }).toString();
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: visitor.cookie };
    const json = { 'content-type': 'application/json' };
    const publicBody = { subjects: [{ firstName: 'Amy', lastName: 'Smith', dateOfBirth: '2019-04-03', address: { line1: '12 High Street', postcode: 'NS1 1AA' } }], concerns: [{ category: 'other', description: 'Shouting every night' }] };
    const refused = JSON.stringify({ ...publicBody, concerns: [{ category: 'other', description: ' ' }] });

    const rows = [];
    const pair = async (name, page, pageExpected, read, readExpected, readName) => {
      const p = await closedLoop(port, SECONDS, page, pageExpected);
      const r = await closedLoop(port, SECONDS, read, readExpected);
      rows.push({ name, readName, p, r });
    };
    await pair('start page GET /', () => ({ method: 'GET', path: '/' }), 200, () => ({ method: 'GET', path: '/health/live' }), 200, 'GET /health/live');
    await pair('question page POST /report/child', () => ({ method: 'POST', path: '/report/child', headers: form, body: childForm }), 303,
      () => ({ method: 'POST', path: '/api/v1/public/contacts', headers: json, body: refused }), 422, 'POST public contact, refused (422)');
    await pair('question page POST /report/child', () => ({ method: 'POST', path: '/report/child', headers: form, body: childForm }), 303,
      () => ({ method: 'POST', path: '/api/v1/public/contacts', headers: json, body: JSON.stringify(publicBody) }), 201, 'POST public contact, accepted (201)');
    await pair('My referrals GET /referrals', () => ({ method: 'GET', path: '/referrals', headers: { cookie: referrer.cookie } }), 200,
      () => ({ method: 'GET', path: '/api/v1/contacts?mine=true&limit=25', headers: bearer }), 200, 'GET /api/v1/contacts?mine=true&limit=25');

    const fmt = (n) => n.toFixed(2);
    console.log('\n| page | requests | p50 ms | p95 ms | API read | requests | p50 ms | p95 ms | p95 ratio (target <= 2) |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const { name, readName, p, r } of rows) {
      const ratio = p.p95 / r.p95;
      console.log(`| ${name}${p.wrong ? ` (${p.wrong} unexpected)` : ''} | ${p.n} | ${fmt(p.p50)} | ${fmt(p.p95)} | ${readName}${r.wrong ? ` (${r.wrong} unexpected)` : ''} | ${r.n} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(ratio)}${ratio <= 2 ? '' : ' MISSED'} |`);
    }
  } finally {
    stop();
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
