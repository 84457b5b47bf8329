import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApi } from '../../src/bootstrap-api';
import { createWorker } from '../../src/bootstrap-worker';
import { DEMO_USERS } from '../../src/seed/demo-data';

export interface TestApi {
  app: NestExpressApplication;
  http: TestAgent;
  /** A bearer token for a seeded demo user, by e-mail or by role (first user of that role). */
  tokenFor(who: string): Promise<string>;
  close(): Promise<void>;
}

/** The real HTTP API (all middleware, guards, pipes), against the test database and Redis. */
export async function startApi(): Promise<TestApi> {
  const app = await createApi();
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    async tokenFor(who) {
      const cached = tokens.get(who);
      if (cached) return cached;
      const user = DEMO_USERS.find((u) => u.email === who || u.role === who);
      if (!user) throw new Error(`no demo user ${who}`);
      const res = await http.post('/api/v1/auth/token').send({ email: user.email, password: user.password });
      if (res.status !== 200) throw new Error(`login failed for ${who}: ${res.status}`);
      tokens.set(who, res.body.accessToken);
      return res.body.accessToken;
    },
    close: () => app.close(),
  };
}

/** The real worker process (processors, outbox relay, sealer) in this test process. */
export function startWorker(): Promise<INestApplicationContext> {
  return createWorker();
}

/** Polls `check` until it returns a truthy value (async effects: queue, relay); fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
