import { ROLES, Role } from '../../src/auth/roles';
import { listRoutes } from '../../src/common/route-inventory';
import { DEMO_USERS } from '../../src/seed/demo-data';
import { simpleContact, tag } from '../factories/contact-bodies';
import { PUBLIC, ROUTE_ACCESS, fillPath, routeKey } from '../security/route-access-matrix';
import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';
import { TEST_ADMIN } from '../utils/test-secrets';

const ADMIN = TEST_ADMIN;
// Path parameters: a well-formed id that names nothing. An allowed caller gets past the guard and
// then 400/404/422; a denied caller is stopped by the guard first.
const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** The JSON API's routes; web pages (session, not token) have their own matrix in test/e2e/web/web-access.spec.ts. */
const apiRoutes = () => listRoutes(api.app).filter((r) => !r.page);
let api: TestApi;

/** SPEC SEC-1, SEC-2, SEC-4: every route, every role, exactly as the table in test/security/route-access-matrix.ts says. */
describe('Security matrix: every route as every role', () => {
  const tokens = new Map<Role, string>();

  /** A fresh login (the demo user of the role; the bootstrap administrator for admin). */
  const signIn = async (role: Role) => {
    const user = role === 'admin' ? ADMIN : DEMO_USERS.find((u) => u.role === role)!;
    tokens.set(role, (await api.http.post('/api/v1/auth/token').send({ email: user.email, password: user.password })).body.accessToken);
  };

  beforeAll(async () => {
    api = await startApi();
    for (const role of ROLES) await signIn(role);
  });
  afterAll(() => api.close());

  it('every registered route has an entry in the table, and every entry is a registered route', () => {
    const registered = apiRoutes().map((r) => routeKey(r.method, r.path)).sort();
    const inTable = Object.keys(ROUTE_ACCESS).sort();
    expect(registered.filter((k) => !inTable.includes(k))).toEqual([]);
    expect(inTable.filter((k) => !registered.includes(k))).toEqual([]);
  });

  it('the table agrees with the declarations on the handlers (no route is public by accident)', () => {
    for (const r of apiRoutes()) {
      const entry = ROUTE_ACCESS[routeKey(r.method, r.path)];
      if (entry === undefined) continue; // reported by the test above
      if (entry === PUBLIC) expect({ route: routeKey(r.method, r.path), access: r.access }).toEqual({ route: routeKey(r.method, r.path), access: { public: true } });
      else expect({ route: routeKey(r.method, r.path), roles: r.access && !r.access.public ? [...r.access.roles].sort() : r.access }).toEqual({ route: routeKey(r.method, r.path), roles: [...entry].sort() });
    }
  });

  it('over HTTP: allowed roles get past the guard, other roles get 403, no token and a forged token get 401', async () => {
    const mismatches: string[] = [];
    for (const r of apiRoutes()) {
      const key = routeKey(r.method, r.path);
      const entry = ROUTE_ACCESS[key];
      if (entry === undefined) continue;
      const path = fillPath(r.path, SOME_ID);
      const send = (auth?: string) => {
        const req = (api.http as unknown as Record<string, (p: string) => import('supertest').Test>)[r.method.toLowerCase()](path);
        if (auth) req.set('Authorization', auth);
        return r.method === 'GET' ? req : req.send({});
      };
      const anonymous = (await send()).status;
      if (entry === PUBLIC) {
        if (anonymous === 401 || anonymous === 403) mismatches.push(`${key} without a token: ${anonymous}, the table says public`);
        continue;
      }
      if (anonymous !== 401) mismatches.push(`${key} without a token: ${anonymous}, expected 401`);
      const forged = (await send('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).status;
      if (forged !== 401) mismatches.push(`${key} with a forged token: ${forged}, expected 401`);
      for (const role of ROLES) {
        const status = (await send(`Bearer ${tokens.get(role)}`)).status;
        // Signing out ends the caller's tokens: sign in again for the routes after it.
        if (key === 'POST /api/v1/auth/sign-out' && status === 204) await signIn(role);
        const allowed = entry.includes(role);
        if (allowed && (status === 401 || status === 403)) mismatches.push(`${key} as ${role}: ${status}, the table allows it`);
        if (!allowed && status !== 403) mismatches.push(`${key} as ${role}: ${status}, expected 403`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000); // one request per route and role: a few thousand, slow on a loaded 2-core machine

  it('administrators reach no route that holds case data (SEC-4)', () => {
    const adminRoutes = Object.entries(ROUTE_ACCESS).filter(([, access]) => access !== PUBLIC && access.includes('admin')).map(([k]) => k).sort();
    // Their own account, their own notifications (none concern them: breach notices go to MASH staff), administration.
    expect(adminRoutes).toEqual([
      'GET /api/v1/admin/agencies', 'GET /api/v1/admin/role-grants', 'GET /api/v1/admin/users', 'GET /api/v1/admin/users/:id', 'GET /api/v1/me', 'GET /api/v1/notifications',
      'POST /api/v1/admin/agencies', 'POST /api/v1/admin/role-grants/:id/approve', 'POST /api/v1/admin/role-grants/:id/reject', 'POST /api/v1/admin/users',
      'POST /api/v1/admin/users/:id/deactivate', 'POST /api/v1/admin/users/:id/password-reset', 'POST /api/v1/admin/users/:id/reactivate',
      'POST /api/v1/admin/users/:id/role', 'POST /api/v1/admin/users/:id/unlock', 'POST /api/v1/auth/sign-out', 'POST /api/v1/notifications/:id/read',
    ]);
  });

  describe('cross-agency reads by id answer 404, the same as an id that does not exist (SEC-2)', () => {
    const auth = (role: Role | string) => `Bearer ${tokens.get(role as Role)}`;
    let contactId: string;
    let checkId: string;

    beforeAll(async () => {
      const created = await api.http.post('/api/v1/contacts').set('Authorization', auth('referrer')).send(simpleContact(tag()));
      expect(created.status).toBe(201);
      contactId = created.body.id;
      const hvAgency = await withDb(async (db) => (await db.query(`SELECT agency_id FROM app_user WHERE email = 'partner@mash.localhost'`)).rows[0].agency_id as string);
      const check = await api.http
        .post(`/api/v1/contacts/${contactId}/checks`)
        .set('Authorization', auth('mash_worker'))
        .send({ agencyId: hvAgency, reason: 'Health visiting history of the children', questions: ['Known to health visiting?'], lawfulBasis: 'Children Act 1989 s.47' });
      expect(check.status).toBe(201);
      checkId = check.body.id;
    });

    it('another referrer, the police or a partner read a referrer’s contact or its feedback: 404', async () => {
      for (const role of ['police', 'partner'] as Role[]) {
        const read = await api.http.get(`/api/v1/contacts/${contactId}`).set('Authorization', auth(role));
        const missing = await api.http.get(`/api/v1/contacts/${SOME_ID}`).set('Authorization', auth(role));
        expect({ role, status: read.status, body: read.body }).toEqual({ role, status: 404, body: missing.body });
        const feedback = await api.http.get(`/api/v1/contacts/${contactId}/feedback`).set('Authorization', auth(role));
        expect({ role, status: feedback.status }).toEqual({ role, status: 404 });
      }
      expect((await api.http.get(`/api/v1/contacts/${contactId}`).set('Authorization', auth('referrer'))).status).toBe(200);
    });

    it('a check sent to health visiting cannot be answered by the GP or the police: 404', async () => {
      const gpLogin = DEMO_USERS.find((u) => u.email === 'gp@mash.localhost')!;
      const gp = (await api.http.post('/api/v1/auth/token').send({ email: gpLogin.email, password: gpLogin.password })).body.accessToken;
      const answer = { status: 'returned', summary: 'Not known to us' };
      for (const who of [`Bearer ${gp}`, auth('police')]) {
        const res = await api.http.post(`/api/v1/checks/${checkId}/response`).set('Authorization', who).send(answer);
        const missing = await api.http.post(`/api/v1/checks/${SOME_ID}/response`).set('Authorization', who).send(answer);
        expect(res.status).toBe(404);
        expect(res.body).toEqual(missing.body);
        const list = await api.http.get('/api/v1/checks').set('Authorization', who);
        expect(list.status).toBe(200);
        expect(JSON.stringify(list.body)).not.toContain(checkId);
      }
      const own = await api.http.get('/api/v1/checks').set('Authorization', auth('partner'));
      expect(JSON.stringify(own.body)).toContain(checkId);
    });
  });
});
