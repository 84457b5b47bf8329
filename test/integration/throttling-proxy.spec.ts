import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServer, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApi } from '../../src/bootstrap-api';
import { SharedThrottlerStorage } from '../../src/common/throttling';
import { anonymousPublicContact, tag } from '../factories/contact-bodies';

/** Test-only header: the address the load balancer saw the client connect from. The proxy turns it into X-Forwarded-For. */
const CLIENT = 'x-test-client-address';

/**
 * A small reverse proxy on loopback, like a load balancer: sends each request to the next backend
 * in turn, appending the client's address to X-Forwarded-For (after anything the client sent).
 */
async function startProxy(backends: number[]): Promise<{ url: string; served: number[]; close(): Promise<void> }> {
  const served = backends.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const i = next++ % backends.length;
    served[i]++;
    const client = String(req.headers[CLIENT] ?? '192.0.2.1');
    const headers = { ...req.headers };
    delete headers[CLIENT];
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${client}` : client;
    const upstream = httpRequest({ host: '127.0.0.1', port: backends[i], method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served, close: () => new Promise((r) => server.close(() => r())) };
}

/** SPEC SEC-6 (issue: rate limits that hold across replicas and proxies). */
describe('Rate limits shared by replicas behind a proxy', () => {
  const LOGIN_LIMIT = 6;
  const INTAKE_CAP = 3;
  const saved = { login: process.env.LOGIN_RATE_LIMIT_PER_MINUTE, cap: process.env.PUBLIC_INTAKE_GLOBAL_PER_MINUTE, trust: process.env.TRUST_PROXY };
  const apps: NestExpressApplication[] = [];
  let proxy: Awaited<ReturnType<typeof startProxy>>;

  beforeAll(async () => {
    process.env.LOGIN_RATE_LIMIT_PER_MINUTE = String(LOGIN_LIMIT);
    process.env.PUBLIC_INTAKE_GLOBAL_PER_MINUTE = String(INTAKE_CAP);
    process.env.TRUST_PROXY = 'loopback';
    const ports: number[] = [];
    for (let i = 0; i < 2; i++) {
      const app = await createApi();
      await app.listen(0, '127.0.0.1');
      apps.push(app);
      ports.push((app.getHttpServer().address() as AddressInfo).port);
    }
    proxy = await startProxy(ports);
  });
  afterAll(async () => {
    await proxy?.close();
    for (const app of apps) await app.close();
    process.env.LOGIN_RATE_LIMIT_PER_MINUTE = saved.login;
    process.env.PUBLIC_INTAKE_GLOBAL_PER_MINUTE = saved.cap;
    process.env.TRUST_PROXY = saved.trust;
  });

  const login = (client: string, extra: Record<string, string> = {}) =>
    request(proxy.url).post('/api/v1/auth/token').set(CLIENT, client).set(extra).send({ email: `nobody-${tag()}@throttle.localhost`, password: 'not-a-password' });

  it('SEC-6: two API processes behind a proxy share one login limit per client, whatever the client puts in X-Forwarded-For', async () => {
    const before = [...proxy.served];
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMIT; i++) statuses.push((await login('203.0.113.10', i % 2 ? { 'X-Forwarded-For': `198.51.100.${i}` } : {})).status);
    expect(statuses).toEqual(Array(LOGIN_LIMIT).fill(401));
    // Each replica saw only half of them; together they were the limit.
    expect(proxy.served.map((n, i) => n - before[i])).toEqual([LOGIN_LIMIT / 2, LOGIN_LIMIT / 2]);
    const over = await login('203.0.113.10', { 'X-Forwarded-For': '198.51.100.200' });
    expect(over.status).toBe(429);
    expect((await login('203.0.113.10')).status).toBe(429);
    // Another client, through the same proxy, is not held back.
    expect((await login('203.0.113.11')).status).toBe(401);
  });

  it('SEC-6: IPv6 clients are counted by their /64', async () => {
    for (let i = 0; i < LOGIN_LIMIT; i++) expect((await login(`2001:db8:1:2::${i + 1}`)).status).toBe(401);
    expect((await login('2001:db8:1:2:ffff:ffff:ffff:fffe')).status).toBe(429);
    expect((await login('2001:db8:1:3::1')).status).toBe(401);
  });

  it('SEC-6: public intake has a cap for all clients together, and each refusal is counted in a metric to alert on', async () => {
    const metric = async () => {
      const text = (await request(proxy.url).get('/metrics')).text;
      return Number(/mash_throttled_total\{limit="public-intake-global"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const refusedBefore = await metric();
    const statuses: number[] = [];
    for (let i = 0; i < INTAKE_CAP + 2; i++) {
      statuses.push((await request(proxy.url).post('/api/v1/public/contacts').set(CLIENT, `198.51.100.${50 + i}`).send(anonymousPublicContact(tag()))).status);
    }
    expect(statuses).toEqual([...Array(INTAKE_CAP).fill(201), 429, 429]);
    expect(await metric()).toBe(refusedBefore + 2);
    // Logins are not held back by the intake cap.
    expect((await login('198.51.100.99')).status).toBe(401);
  });
});

describe('Rate limits while Redis is unreachable', () => {
  it('count in the replica’s memory instead of failing the request (SPEC REL-2: intake keeps answering)', async () => {
    const storage = new SharedThrottlerStorage('redis://127.0.0.1:1');
    try {
      const started = Date.now();
      const first = await storage.increment('k', 60_000, 2, 60_000, 'public');
      const second = await storage.increment('k', 60_000, 2, 60_000, 'public');
      const third = await storage.increment('k', 60_000, 2, 60_000, 'public');
      expect([first.totalHits, second.totalHits, third.isBlocked]).toEqual([1, 2, true]);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      storage.onApplicationShutdown();
    }
  });
});
