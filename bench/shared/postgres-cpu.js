'use strict';
/**
 * The CPU Postgres spends for some databases: the backends connected to them (from pg_stat_activity,
 * their time from /proc) plus the server's shared background processes (WAL writer, checkpointer,
 * background writer), counted whole. `serverCpuSeconds('postgres')` counts every database on the
 * server, so on a machine where other test suites and benches use the same Postgres their work lands
 * in the figure, most of all at low rates; this leaves it out.
 *
 * Backends are sampled every 100 ms and each is counted up to its last sample, so one that exits
 * loses at most its last 100 ms (an idle pooled connection, or pgbench's clients as the run ends:
 * the figure errs low for the baseline, never for what is compared with it). Connections named
 * PROBE (the benches' own queries that watch the run) are left out.
 */
const { Client } = require('pg');
const { cpuSeconds } = require('./proc');

const PROBE = 'mash-bench-probe';
const SHARED = ['walwriter', 'checkpointer', 'background writer'];

/** Starts counting; `stop()` returns the CPU seconds spent since. `url` is any database on the server. */
async function postgresCpu(url, databases) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), application_name: PROBE });
  await client.connect();
  const startedAt = (await client.query('SELECT clock_timestamp() AS t')).rows[0].t;
  const seen = new Map(); // pid -> { from, last } CPU seconds
  let failure;
  const sample = async () => {
    const { rows } = await client.query(
      `SELECT pid, backend_start > $2 AS since FROM pg_stat_activity
        WHERE (datname = ANY($1) AND application_name IS DISTINCT FROM '${PROBE}') OR backend_type = ANY($3)`,
      [databases, startedAt, SHARED],
    );
    for (const { pid, since } of rows) {
      let now;
      try {
        now = cpuSeconds(pid);
      } catch {
        continue; // gone while we looked
      }
      const known = seen.get(pid);
      if (known) known.last = now;
      else seen.set(pid, { from: since ? 0 : now, last: now }); // a backend started during the count counts from its start
    }
  };
  await sample();
  let running; // the sample under way; a slow one (a busy machine) is not queued behind
  const timer = setInterval(() => {
    running ??= sample().catch((error) => (failure = error)).finally(() => (running = undefined));
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await sample();
      await client.end();
      if (failure) throw failure;
      let seconds = 0;
      for (const { from, last } of seen.values()) seconds += last - from;
      return seconds;
    },
  };
}

module.exports = { postgresCpu, PROBE };
