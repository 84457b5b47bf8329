'use strict';
/**
 * Outbound e-mail delivery rate: how many e-mails a second one worker process hands to a real SMTP
 * server, and the CPU each costs, for one build or two taken in turns.
 *
 *   npx nest build && node bench/mail/run.js                 this checkout
 *   node bench/mail/run.js <dir A> <dir B>                   two checkouts (each with `nest build` done), A B B A ...
 *
 * Each round: the worker of a build starts (dist/src/worker.js, LOG_LEVEL=warn) with a fresh BullMQ
 * prefix and an SMTP server in this process that accepts every message and counts it by Message-ID;
 * one message is delivered first (warm-up); then BENCH_MAIL_MESSAGES (3,000) acknowledgement-sized
 * messages and their send jobs are committed in one transaction, as OutboundMail.queueMany writes
 * them, and the clock runs from that commit until the last is `sent` -> e-mails/s. CPU per e-mail
 * from /proc: the worker, Postgres (this database's backends and the shared writers,
 * bench/shared/postgres-cpu.js), Redis, and this process (the SMTP server). Checks every message
 * reached the server exactly once. BENCH_MAIL_ROUNDS (2 per build), BENCH_MAIL_DATABASE_URL
 * (mash_bench_mail, dropped and made afresh), REDIS_URL, BENCH_PROFILE_DIR (worker CPU profiles).
 */
const { spawn, spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { Pool } = require('pg');
const { SMTPServer } = require('smtp-server');
const { dropBenchDatabase } = require('../shared/bench-database');
const { knob } = require('../shared/knobs');
const { postgresCpu, PROBE } = require('../shared/postgres-cpu');
const { cpuSeconds, machineBusy, serverCpuSeconds } = require('../shared/proc');

const DATABASE_URL = process.env.BENCH_MAIL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_bench_mail';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MESSAGES = knob('BENCH_MAIL_MESSAGES', 3000, 1000);
const ROUNDS = knob('BENCH_MAIL_ROUNDS', 2, 1);
const TIMEOUT_MS = 300_000;
const ROOT = resolve(__dirname, '..', '..');
const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => resolve(d)) : [ROOT];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

/** Accepts and discards, counting each Message-ID it was handed (read from the header block). */
async function startSmtpSink() {
  const received = new Map();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      let head = '';
      stream.on('data', (chunk) => {
        if (head.length < 8192) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '?';
        received.set(id, (received.get(id) ?? 0) + 1);
        done();
      });
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, received, url: `smtp://127.0.0.1:${server.server.address().port}` };
}

/** An acknowledgement's size: the professional template as it is stored (tags and all). */
const TEMPLATE = ['txt', 'html'].map((ext) => readFileSync(join(ROOT, 'config', 'feedback-templates', 'professional', `acknowledgement.${ext}`), 'utf8'));

/**
 * `n` pending feedback acknowledgements and their first send jobs, in one statement each, as
 * OutboundMail.queueMany writes them (status pending, attempt 1 due now, job mail.<id>.1).
 */
async function queueMessages(pool, n, tag) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `INSERT INTO outbound_message (purpose, about_type, about_id, audience, dedupe_key, recipient_email, subject, body_text, body_html, from_name, headers, message_id, attempt_limit, backoff_seconds, next_attempt_at, status)
       SELECT 'feedback.acknowledgement', 'feedback', a.id, 'professional', 'feedback.' || a.id, 'dsl.' || $2 || '.' || a.i || '@riverside-school.localhost',
              'We have received your referral MASH-' || a.i, $3, $4, 'Northshire MASH', jsonb_build_object('X-MASH-Feedback-Id', a.id::text),
              '<feedback.' || a.id || '@mash.localhost>', 8, '[1, 2, 4, 8, 16, 32, 64]', now(), 'pending'
         FROM (SELECT i, gen_random_uuid() AS id FROM generate_series(1, $1::int) i) a
       RETURNING id`,
      [n, tag, TEMPLATE[0], TEMPLATE[1]],
    );
    await client.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload) SELECT 'mail', 'send', 'mail.' || id || '.1', jsonb_build_object('messageId', id, 'attempt', 1) FROM unnest($1::uuid[]) id`,
      [rows.map((r) => r.id)],
    );
    await client.query('COMMIT');
    return rows.map((r) => r.id);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function sentOf(pool, ids) {
  const { rows } = await pool.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status IN ('failed', 'no_address'))::int AS failed FROM outbound_message WHERE id = ANY($1::uuid[])`, [ids]);
  return rows[0];
}

async function waitAllSent(pool, ids, what) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const { sent, failed } = await sentOf(pool, ids);
    if (failed) throw new Error(`${what}: ${failed} messages failed`);
    if (sent === ids.length) return;
    if (Date.now() > deadline) throw new Error(`${what}: ${sent} of ${ids.length} sent after ${TIMEOUT_MS / 1000} s`);
    await sleep(50);
  }
}

async function measure(dir, round, smtp, pool) {
  const prefix = `bench-mail-${process.pid}-${round}`;
  const env = { ...process.env, NODE_ENV: 'development', DATABASE_URL, REDIS_URL, QUEUE_PREFIX: prefix, SMTP_URL: smtp.url, LOG_LEVEL: 'warn' };
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const worker = spawn(process.execPath, [...profile, join(dir, 'dist/src/worker.js')], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitAllSent(pool, await queueMessages(pool, 1, `${round}-warm`), 'warm-up');
    const ids = await queueMessages(pool, 0, 'none'); // nothing: plans warm for the timed insert
    const pgCpu = await postgresCpu(DATABASE_URL, [decodeURIComponent(new URL(DATABASE_URL).pathname.slice(1))]);
    const before = { worker: cpuSeconds(worker.pid), redis: serverCpuSeconds('redis-server'), bench: process.cpuUsage() };
    const started = performance.now();
    ids.push(...(await queueMessages(pool, MESSAGES, String(round))));
    await waitAllSent(pool, ids, `round ${round}`);
    const seconds = (performance.now() - started) / 1000;
    const postgres = await pgCpu.stop();
    const bench = process.cpuUsage(before.bench);
    const per = (s) => (s * 1000) / MESSAGES;
    return {
      rate: MESSAGES / seconds,
      seconds,
      cpu: { worker: per(cpuSeconds(worker.pid) - before.worker), postgres: per(postgres), redis: per(serverCpuSeconds('redis-server') - before.redis), sink: per((bench.user + bench.system) / 1e6) },
    };
  } finally {
    if (worker.exitCode === null) {
      worker.kill('SIGTERM');
      setTimeout(() => worker.kill('SIGKILL'), 10_000).unref();
      await new Promise((r) => worker.once('exit', r));
    }
  }
}

async function main() {
  console.log(`mail bench: ${MESSAGES} e-mails a round, ${ROUNDS} round(s) per build, database ${new URL(DATABASE_URL).pathname.slice(1)} (made afresh)`);
  console.log(`machine CPU already busy: ${f(await machineBusy(), 0)}% (compare builds within one run only)`);
  await dropBenchDatabase(DATABASE_URL);
  const env = { ...process.env, NODE_ENV: 'development', DATABASE_URL, REDIS_URL };
  for (const script of ['migrate.js', 'seed.js']) {
    const r = spawnSync(process.execPath, [join(dirs[0], 'dist/src', script)], { cwd: dirs[0], env, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${script} failed`);
  }
  const smtp = await startSmtpSink();
  const pool = new Pool({ connectionString: DATABASE_URL, max: 2, application_name: PROBE });
  const figures = dirs.map(() => []);
  try {
    for (let round = 0, n = 0; round < ROUNDS; round++) {
      for (const k of round % 2 ? [...dirs.keys()].reverse() : dirs.keys()) {
        const r = await measure(dirs[k], n++, smtp, pool);
        figures[k].push(r);
        console.log(
          `${'ABCDEF'[k]} ${dirs[k]}: ${f(r.rate)} e-mails/s (${MESSAGES} in ${f(r.seconds)} s); CPU ms per e-mail: worker ${f(r.cpu.worker, 2)}, Postgres ${f(r.cpu.postgres, 2)}, Redis ${f(r.cpu.redis, 2)}, SMTP server ${f(r.cpu.sink, 2)}`,
        );
        await pool.query(`VACUUM ANALYZE outbound_message, outbox, audit_event`);
      }
    }
  } finally {
    await pool.end();
    smtp.server.close();
  }
  const twice = [...smtp.received.values()].filter((c) => c > 1).length;
  console.log(`SMTP server: ${smtp.received.size} distinct Message-IDs, ${twice} received more than once`);
  console.log('\n| build | e-mails/s (median) | CPU ms per e-mail, worker / Postgres / Redis (median) |');
  console.log('|---|---|---|');
  for (const [k, runs] of figures.entries()) {
    console.log(`| ${'ABCDEF'[k]} ${dirs[k]} | ${f(median(runs.map((r) => r.rate)))} | ${['worker', 'postgres', 'redis'].map((p) => f(median(runs.map((r) => r.cpu[p])), 2)).join(' / ')} |`);
  }
  if (twice) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
