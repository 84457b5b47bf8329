import { ROUTE_ACCESS, PUBLIC, routeKey, fillPath } from '../security/route-access-matrix';
import { ROLES, Role } from '../../src/auth/roles';
import { anonymousPublicContact, familyContact, simpleContact, tag } from '../factories/contact-bodies';
import { SmtpCapture } from '../utils/smtp-capture';
import { FuzzBody, Gen, OpenApi, fromSchema, mutate, prng, requestSchema } from './support/fuzz';
import { call, login } from './support/http';
import { freePort, killAll, serviceEnv, ServiceProcess, startApi, uniquePrefix, waitReady } from './support/processes';
import { diff, RowCounter } from './support/row-counts';

const BODIES = Number(process.env.FAULTS_FUZZ_BODIES ?? 5000);
const SEED = Number(process.env.FAULTS_FUZZ_SEED ?? 20261122);

/**
 * SPEC REL-4: a seeded fuzz run of >= 5,000 bodies spread over every POST route (taken from the
 * OpenAPI document of the running API), each sent with a token of a role the security matrix
 * allows: never a 5xx, and a rejected (4xx) body leaves every table's row count unchanged (the audit
 * trail excepted). Replay a failure with FAULTS_FUZZ_SEED.
 */
describe('REL-4: fuzzed bodies against every POST route', () => {
  let smtp: SmtpCapture;
  let api: ServiceProcess;
  let port: number;
  let rows: RowCounter;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    port = await freePort();
    api = startApi(serviceEnv({ redisUrl: process.env.REDIS_URL!, smtpUrl: smtp.url, queuePrefix: uniquePrefix('fuzz') }, port));
    await waitReady(port, api);
    for (const role of ROLES) tokens.set(role, await login(port, role));
    rows = await RowCounter.open();
  });

  afterAll(async () => {
    await killAll();
    await rows?.close();
    await smtp?.close();
  });

  it(`${BODIES} generated bodies: never a 5xx, nothing saved by a rejected body`, async () => {
    const openApi = (await call(port, 'GET', '/docs-json')).body as OpenApi;
    // Every POST route of the OpenAPI document, in Nest's path form, must be in the security matrix.
    const routes = Object.entries(openApi.paths)
      .filter(([, ops]) => ops.post)
      .map(([p]) => ({ openApiPath: p, path: p.replace(/\{(\w+)\}/g, ':$1') }));
    const matrixPosts = Object.keys(ROUTE_ACCESS).filter((k) => k.startsWith('POST ')).sort();
    expect(routes.map((r) => routeKey('POST', r.path)).sort()).toEqual(matrixPosts);

    // Real records, so ids in paths reach the use cases and not only the "not found" branch.
    const contact = await call(port, 'POST', '/api/v1/contacts', { token: tokens.get('referrer'), body: simpleContact(tag()) });
    const pub = await call(port, 'POST', '/api/v1/public/contacts', { body: anonymousPublicContact(tag()) });
    const hvAgency = ((await call(port, 'GET', '/api/v1/me', { token: tokens.get('partner') })).body as { agencyId: string }).agencyId;
    const check = await call(port, 'POST', `/api/v1/contacts/${(contact.body as { id: string }).id}/checks`, {
      token: tokens.get('mash_worker'),
      body: { agencyId: hvAgency, reason: 'Health visiting history', questions: ['Known to you?'], lawfulBasis: 'Children Act 1989 s.47' },
    });
    expect([contact.status, pub.status, check.status]).toEqual([201, 201, 201]);
    const realIds = [(contact.body as { id: string }).id, (check.body as { id: string }).id, (pub.body as { reference: string }).reference];
    const publicToken = (pub.body as { trackingToken: string }).trackingToken;

    const g = new Gen(prng(SEED));
    const bases: Record<string, () => unknown> = {
      'POST /api/v1/contacts': () => (g.chance(0.5) ? familyContact(tag()) : simpleContact(tag())),
      'POST /api/v1/public/contacts': () => anonymousPublicContact(tag()),
    };
    const failures: string[] = [];
    const statuses = new Map<string, Map<number, number>>();
    let baseline = await rows.counts();

    // Routes that hash or verify a password (argon2, slow by design) get a quarter share of the bodies.
    const slow = new Set(['POST /api/v1/auth/token', 'POST /api/v1/admin/users']);
    const schedule = routes.flatMap((r) => Array<typeof r>(slow.has(routeKey('POST', r.path)) ? 1 : 4).fill(r));
    for (let i = 0; i < BODIES; i++) {
      const route = schedule[(i * 7919) % schedule.length];
      const key = routeKey('POST', route.path);
      const access = ROUTE_ACCESS[key];
      const role = access === PUBLIC ? undefined : g.pick(access);
      const base = bases[key]?.() ?? fromSchema(g, openApi, requestSchema(openApi, route.openApiPath));
      const fuzz: FuzzBody = mutate(g, base);
      const path = fillPath(route.path, g.chance(0.7) ? g.pick(realIds) : g.pick(['00000000-0000-4000-8000-000000000000', 'x', '%00', '..%2f..', 'MASH-2026-999999', '1'.repeat(300)]));
      const headers: Record<string, string> = { 'content-type': fuzz.contentType ?? 'application/json' };
      if (key.startsWith('POST /api/v1/public/contacts/')) headers['x-tracking-token'] = g.chance(0.5) ? publicToken : 'f'.repeat(g.int(0, 60));
      let status: number;
      try {
        status = (await call(port, 'POST', path, { token: role ? tokens.get(role) : undefined, body: fuzz.body, headers })).status;
      } catch (error) {
        failures.push(`#${i} ${key} [${fuzz.mutations}] no answer: ${(error as Error).message}`);
        continue;
      }
      // Signing out ends the role's tokens: sign in again so the rest of the run still reaches past the guard.
      if (key === 'POST /api/v1/auth/sign-out' && status === 204 && role) tokens.set(role as Role, await login(port, role));
      const perRoute = statuses.get(key) ?? statuses.set(key, new Map()).get(key)!;
      perRoute.set(status, (perRoute.get(status) ?? 0) + 1);
      const after = await rows.counts();
      if (status >= 500) failures.push(`#${i} ${key} as ${role ?? 'public'} [${fuzz.mutations}]: ${status}`);
      else if (status >= 400) {
        const changed = diff(baseline, after);
        if (changed.length) failures.push(`#${i} ${key} as ${role ?? 'public'} [${fuzz.mutations}]: ${status} but rows changed (${changed.join(', ')})`);
      }
      baseline = after;
    }

    // What the run covered, printed so a reader sees the spread (and that rejections dominate).
    const summary = [...statuses].map(([k, m]) => `${k}: ${[...m].sort(([a], [b]) => a - b).map(([s, n]) => `${s}x${n}`).join(' ')}`);
    console.log(`REL-4 fuzz, seed ${SEED}, ${BODIES} bodies\n${summary.join('\n')}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual(matrixPosts);
  });
});
