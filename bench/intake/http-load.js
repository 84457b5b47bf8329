'use strict';
/** A small HTTP load generator (autocannon is not installed): keep-alive sockets, closed loop or fixed rate. */
const http = require('node:http');
const { percentile } = require('../shared/stats');

function post(agent, port, path, headers, body) {
  return new Promise((resolve) => {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end(data);
  });
}

function summarise(latencies, statuses, seconds) {
  const sorted = Float64Array.from(latencies).sort();
  const ok = statuses.filter((s) => s === 201).length;
  // Non-201 answers by status (0: the connection failed), so a run with errors says which.
  const byStatus = {};
  for (const s of statuses) if (s !== 201) byStatus[s] = (byStatus[s] ?? 0) + 1;
  return { requests: statuses.length, ok, errors: statuses.length - ok, byStatus, rps: ok / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

/** `concurrency` workers each send the next request as soon as the previous answers, for `seconds`. */
async function closedLoop({ port, concurrency, seconds, next }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  // `next()` may name a port per request (several API replicas); `port` is the default.
  const latencies = [];
  const statuses = [];
  const end = Date.now() + seconds * 1000;
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) {
      const { path, headers, body, port: to } = next();
      const t0 = process.hrtime.bigint();
      statuses.push(await post(agent, to ?? port, path, headers, body));
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return summarise(latencies, statuses, elapsed);
}

/**
 * Fixed arrival rate: request i is due at start + i/rate whatever happened to the others, and its
 * latency counts from when it was due, so a stalled server cannot hide its queue (no coordinated omission).
 */
async function fixedRate({ port, rate, seconds, next }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies = [];
  const statuses = [];
  const total = rate * seconds;
  const start = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const { path, headers, body, port: to } = next();
    inflight.push(post(agent, to ?? port, path, headers, body).then((status) => {
      statuses.push(status);
      latencies.push(performance.now() - due);
    }));
  }
  await Promise.all(inflight);
  agent.destroy();
  return summarise(latencies, statuses, seconds);
}

module.exports = { closedLoop, fixedRate };
