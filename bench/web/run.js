'use strict';
/**
 * bench:web (SPEC PERF-8): p95 of web pages against the JSON API's same read, in the same run, on
 * the same API process, one after the other:
 *   - the public referral's start page          against GET /health/live (the API's cheapest answer: the start page reads nothing)
 *   - a question-page post (session + the API's rules + redirect)
 *                                               against POST /api/v1/public/contacts refused by the same rules (400),
 *                                               and against the same contact accepted (201, a committed write)
 *   - "My referrals" (25 of 500 referrals)      against GET /api/v1/contacts?mine=true&limit=25
 *   - the triage queue page /mash (first 25 of OPEN_CONTACTS open, graded contacts)
 *                                               against GET /api/v1/triage/queue?limit=25
 *   - a child's chronology page (CHILD_EVENTS contacts about one child)
 *                                               against GET /api/v1/people/:id/chronology
 *   - the managers' dashboard /manager/dashboard?weeks=52 over a year of data (YEAR_CONTACTS contacts,
 *     bench/web/year-of-data.js)               against GET /api/v1/reports/dashboard for the same 52 weeks
 * Closed loop, CONCURRENCY clients, SECONDS each. Target: each page at most 2x its API read.
 */
const http = require('node:http');
const net = require('node:net');
const { execFileSync, spawn } = require('node:child_process');
const { join } = require('node:path');
const { dropBenchDatabase } = require('../shared/bench-database');
const { apiNodeFlags } = require('../shared/node-flags');
const { percentile } = require('../shared/stats');
const { seedYearOfData } = require('./year-of-data');

const root = join(__dirname, '..', '..');
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench_web';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 500);
const OPEN_CONTACTS = Number(process.env.BENCH_OPEN_CONTACTS ?? 5000);
const CHILD_EVENTS = Number(process.env.BENCH_CHILD_EVENTS ?? 500);
const YEAR_CONTACTS = Number(process.env.BENCH_YEAR_CONTACTS ?? 50000);
// NODE_ENV=test: production settings but plain HTTP (production refuses the development secrets, and its cookie is Secure).
// Fail-closed configuration: a test run brings its own secrets (none of them the development values).
const env = {
  ...process.env, NODE_ENV: 'test', DATABASE_URL: DB, LOG_LEVEL: 'warn', QUEUE_PREFIX: `bench-web-${process.pid}`, PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000', PUBLIC_INTAKE_GLOBAL_PER_MINUTE: '100000000',
  JWT_SECRET: process.env.JWT_SECRET ?? `bench-web-jwt-${process.pid}-${'x'.repeat(32)}`, AUDIT_SEAL_KEY: process.env.AUDIT_SEAL_KEY ?? `bench-web-seal-${process.pid}-${'y'.repeat(32)}`,
  SMTP_URL: process.env.SMTP_URL ?? 'smtp://127.0.0.1:2599', AUDIT_CHECKPOINT_PATH: process.env.AUDIT_CHECKPOINT_PATH ?? join(require('node:os').tmpdir(), `bench-web-checkpoints-${process.pid}.log`),
};

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
async function webSession(port, email, password, landing = '/referrals') {
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
  keep(await send(port, 'GET', email ? landing : '/report/what-happened', { headers: { cookie: session.cookie } }));
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

/**
 * A working MASH's open queue, written in bulk as the worker would leave it graded (contact, child,
 * grade per child, contact grade and deadline), and one child with CHILD_EVENTS contacts in their
 * chronology. Returns that child's person id.
 */
function seedCaseload() {
  const { Client } = require('pg');
  const sql = `
    INSERT INTO contact (id, reference, channel, status, received_at, referrer_type)
      SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'MASH-BENCH-' || lpad(g::text, 6, '0'), 'professional', 'triaged',
             now() - (g % 300) * interval '10 minutes', (ARRAY['professional','police','partner','neighbour','anonymous'])[1 + g % 5]
        FROM generate_series(1, ${OPEN_CONTACTS}) g;
    INSERT INTO contact_subject (contact_id, position, first_name, last_name, date_of_birth, sex)
      SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 0, 'Bench', 'Child' || g, date '2010-01-01' + (g % 5000), 'F'
        FROM generate_series(1, ${OPEN_CONTACTS}) g;
    INSERT INTO subject_grade (contact_id, subject_id, provisional_grade, grade, fired_rules, flags, facts, framework_version)
      SELECT s.contact_id, s.id, g.grade, g.grade, '[{"ruleId":"RAG-2.amber.self-harm","description":"A single self-harm episode","minimumGrade":"AMBER"}]'::jsonb,
             CASE WHEN random() < 0.2 THEN '[{"ruleId":"PPL-4.repeat-contacts","label":"3 contacts in 12 months","threshold":{"count":3},"causingContactIds":[]}]'::jsonb ELSE '[]'::jsonb END,
             '{"onCurrentCpPlan":false}'::jsonb, 'rag-framework-v1'
        FROM contact_subject s JOIN contact c ON c.id = s.contact_id
        CROSS JOIN LATERAL (SELECT (ARRAY['RED','AMBER','GREEN'])[1 + (hashtext(c.reference) & 3) % 3] AS grade) g
       WHERE c.reference LIKE 'MASH-BENCH-%';
    INSERT INTO contact_triage (contact_id, grade, provisional_grade, decision_due_at, decision_clock_id, framework_version)
      SELECT c.id, sg.grade, sg.grade, c.received_at + CASE sg.grade WHEN 'RED' THEN interval '4 hours' WHEN 'AMBER' THEN interval '1 day' ELSE interval '3 days' END,
             gen_random_uuid(), 'rag-framework-v1'
        FROM contact c JOIN subject_grade sg ON sg.contact_id = c.id WHERE c.reference LIKE 'MASH-BENCH-%';
    INSERT INTO person (id, kind, first_name, last_name, date_of_birth, sex) VALUES ('00000000-0000-4000-9000-000000000001', 'child', 'Chronology', 'Bench', '2015-03-03', 'F');
    INSERT INTO contact (id, reference, channel, status, received_at, referrer_type)
      SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid, 'MASH-CHRON-' || lpad(g::text, 6, '0'), 'professional', 'decided', now() - g * interval '1 day', 'professional'
        FROM generate_series(1, ${CHILD_EVENTS}) g;
    INSERT INTO contact_subject (contact_id, position, first_name, last_name, date_of_birth, sex, person_id)
      SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid, 0, 'Chronology', 'Bench', '2015-03-03', 'F', '00000000-0000-4000-9000-000000000001'
        FROM generate_series(1, ${CHILD_EVENTS}) g;
    INSERT INTO contact_concern (contact_id, position, category, description, subject_ids)
      SELECT s.contact_id, 0, 'neglect_indicator', 'Bench concern', ARRAY[s.id] FROM contact_subject s WHERE s.person_id = '00000000-0000-4000-9000-000000000001';
    ANALYZE;`;
  return (async () => {
    const client = new Client({ connectionString: DB });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return '00000000-0000-4000-9000-000000000001';
  })();
}

async function main() {
  console.log(`bench:web against ${DB.replace(/\/\/[^@]*@/, '//')}: ${CONCURRENCY} clients, ${SECONDS} s per measurement, ${REFERRALS} referrals`);
  await dropBenchDatabase(DB);
  execFileSync('node', [join(root, 'dist/src/migrate.js')], { env, stdio: 'inherit' });
  // The demo accounts the bench signs in with are seeded only in development.
  execFileSync('node', [join(root, 'dist/src/seed.js')], { env: { ...env, NODE_ENV: 'development' }, stdio: 'inherit' });
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
    const childId = await seedCaseload();
    const yearSeconds = await seedYearOfData(DB, YEAR_CONTACTS);
    console.log(`a year of data: ${YEAR_CONTACTS} contacts written in ${yearSeconds.toFixed(1)} s`);
    const managerLogin = await send(port, 'POST', '/api/v1/auth/token', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@mash.localhost', password: 'Manager-dev-2026!' }) });
    const managerBearer = { authorization: `Bearer ${JSON.parse(managerLogin.text).accessToken}` };
    const manager = await webSession(port, 'manager@mash.localhost', 'Manager-dev-2026!', '/manager/dashboard');
    const workerLogin = await send(port, 'POST', '/api/v1/auth/token', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'worker@mash.localhost', password: 'Worker-dev-2026!' }) });
    const workerBearer = { authorization: `Bearer ${JSON.parse(workerLogin.text).accessToken}` };
    const worker = await webSession(port, 'worker@mash.localhost', 'Worker-dev-2026!', '/mash');
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
    await pair(`triage queue GET /mash (${OPEN_CONTACTS} open)`, () => ({ method: 'GET', path: '/mash', headers: { cookie: worker.cookie } }), 200,
      () => ({ method: 'GET', path: '/api/v1/triage/queue?limit=25', headers: workerBearer }), 200, 'GET /api/v1/triage/queue?limit=25');
    await pair(`child's chronology GET /mash/children/:id/chronology (${CHILD_EVENTS} events)`, () => ({ method: 'GET', path: `/mash/children/${childId}/chronology`, headers: { cookie: worker.cookie } }), 200,
      () => ({ method: 'GET', path: `/api/v1/people/${childId}/chronology`, headers: workerBearer }), 200, 'GET /api/v1/people/:id/chronology');
    // The page's period is the 52 weeks to now; the API is asked for the same 52 weeks to now.
    const yearPeriod = () => {
      const to = new Date();
      const from = new Date(to.getTime() - 52 * 7 * 24 * 3600 * 1000);
      return `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    };
    await pair(`managers' dashboard GET /manager/dashboard?weeks=52 (${YEAR_CONTACTS} contacts in a year)`, () => ({ method: 'GET', path: '/manager/dashboard?weeks=52', headers: { cookie: manager.cookie } }), 200,
      () => ({ method: 'GET', path: `/api/v1/reports/dashboard?${yearPeriod()}`, headers: managerBearer }), 200, 'GET /api/v1/reports/dashboard (same 52 weeks)');

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
