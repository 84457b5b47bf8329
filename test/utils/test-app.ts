import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { configureApi, createApi } from '../../src/bootstrap-api';
import { createWorker } from '../../src/bootstrap-worker';
import { startDefaultMetrics } from '../../src/health/metrics';
import { WorkerModule } from '../../src/worker.module';
import { DEMO_USERS } from '../../src/seed/demo-data';

export interface TestApi {
  app: NestExpressApplication;
  http: TestAgent;
  /** A bearer token for a seeded demo user, by e-mail or by role (first user of that role). */
  tokenFor(who: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Replaces providers with test doubles, e.g. `(m) => m.overrideProvider(Mailer).useValue(fake)`:
 * the application is otherwise the real one, started the same way.
 */
export type Overrides = (builder: TestingModuleBuilder) => TestingModuleBuilder;

/** The real HTTP API (all middleware, guards, pipes), against the test database and Redis. */
export async function startApi(overrides?: Overrides): Promise<TestApi> {
  const app = overrides ? await createApiWith(overrides) : await createApi();
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

async function createApiWith(overrides: Overrides): Promise<NestExpressApplication> {
  const moduleRef = await overrides(Test.createTestingModule({ imports: [AppModule] })).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
  configureApi(app);
  await app.init();
  return app;
}

/** The real worker process (processors, outbox relay, sealer) in this test process. */
export async function startWorker(overrides?: Overrides): Promise<INestApplicationContext> {
  if (!overrides) return createWorker();
  // As createWorker does, from a testing module so that providers can be replaced.
  const app = await overrides(Test.createTestingModule({ imports: [WorkerModule] })).compile();
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  startDefaultMetrics();
  await app.init();
  return app;
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
