import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ROLES, Role } from '../../../src/auth/roles';
import { listRoutes } from '../../../src/common/route-inventory';
import { WebSessionRepository } from '../../../src/web/persistence/web-session.repository';
import { createAccount } from '../../utils/accounts';
import { withDb } from '../../utils/db';
import { startApi, TestApi } from '../../utils/test-app';
import { TEST_ADMIN } from '../../utils/test-secrets';
import { errorSummary, heading, title, WebClient } from '../../utils/web-client';

const ADMIN = TEST_ADMIN;
const SOME_ID = '00000000-0000-4000-8000-000000000000';
const fill = (path: string) => path.replace(':page', 'what-happened').replace(/:[A-Za-z]+/g, SOME_ID);

/** Who may see each page (SPEC WEB-1, WEB-3, SEC-1, SEC-2): declared like API routes, enforced by the same guard from the session. */
describe('Web: sign-in, sessions and who may see each page', () => {
  let api: TestApi;
  const clients = new Map<Role, WebClient>();

  beforeAll(async () => {
    api = await startApi();
    for (const role of ROLES) {
      const web = new WebClient(api);
      if (role === 'admin') {
        await web.get('/sign-in');
        expect((await web.post('/sign-in', ADMIN)).status).toBe(303);
      } else {
        await web.signIn(role);
      }
      clients.set(role, web);
    }
  });
  afterAll(() => api.close());

  it('every page declares its roles; signed out, a page that needs an account goes to sign-in; a role not declared gets the 403 page (the 404 page for an administrator, and for a professional on a MASH page); a declared role gets in', async () => {
    const pages = listRoutes(api.app).filter((r) => r.page && r.method === 'GET');
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.filter((r) => !r.access).map((r) => r.path)).toEqual([]);
    const mismatches: string[] = [];
    for (const r of pages) {
      const path = fill(r.path);
      const anonymous = await new WebClient(api).get(path);
      if (r.access!.public) {
        if ([401, 403].includes(anonymous.status) || anonymous.headers.location?.startsWith('/sign-in')) mismatches.push(`${path} signed out: ${anonymous.status}`);
        continue;
      }
      if (anonymous.status !== 303 || anonymous.headers.location !== `/sign-in?returnTo=${encodeURIComponent(path)}`) mismatches.push(`${path} signed out: ${anonymous.status} ${anonymous.headers.location}`);
      for (const role of ROLES) {
        const res = await clients.get(role)!.get(path);
        const allowed = r.access!.roles.includes(role);
        if (allowed && (res.status === 403 || res.headers.location?.startsWith('/sign-in'))) mismatches.push(`${path} as ${role}: ${res.status}, declared allowed`);
        // An administrator is told a page not theirs is not there (SEC-4: no case page reachable); a case
        // page does not exist for a role it does not name, nor a MASH page for referrers, police and
        // partners, as for a case not theirs (SEC-2).
        const hidden = role === 'admin' || r.casePage || (r.path.startsWith('/mash') && ['referrer', 'police', 'partner'].includes(role));
        const refusal = hidden ? { status: 404, heading: 'Page not found' } : { status: 403, heading: 'You cannot do this' };
        if (!allowed && (res.status !== refusal.status || heading(res.text) !== refusal.heading)) mismatches.push(`${path} as ${role}: ${res.status}, expected the ${refusal.status} page`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['referrer', '/referrals', 'My referrals'], ['police', '/referrals', 'My referrals'], ['partner', '/referrals', 'My referrals'],
    ['mash_worker', '/mash', 'Triage queue'], ['mash_manager', '/mash', 'Triage queue'], ['auditor', '/audit', 'Audit'], ['admin', '/administration', 'Administration'],
  ])('%s signs in and lands on %s ("%s")', async (role, landing, h1) => {
    const web = new WebClient(api);
    const res = role === 'admin' ? (await web.get('/sign-in'), await web.post('/sign-in', ADMIN)) : await web.signIn(role);
    expect(res.headers.location).toBe(landing);
    const page = await web.get(landing);
    expect(page.status).toBe(200);
    expect(heading(page.text)).toBe(h1);
    expect(page.text).toContain('href="/sign-out"');
  });

  it('a wrong password or unknown e-mail get the same error; the page returns the e-mail, escaped', async () => {
    const web = new WebClient(api);
    await web.get('/sign-in');
    const wrong = await web.post('/sign-in', { email: 'referrer@mash.localhost', password: 'wrong' });
    const unknown = await web.post('/sign-in', { email: '<script>x</script>@mash.localhost', password: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(errorSummary(wrong.text)).toEqual([{ text: 'Enter a correct e-mail address and password', href: '#email' }]);
    expect(errorSummary(unknown.text)).toEqual(errorSummary(wrong.text));
    expect(title(wrong.text)).toBe('Error: Sign in - Worried about a child - Northshire Council');
    expect(unknown.text).not.toContain('<script>x</script>');
    expect(unknown.text).toContain('&lt;script&gt;x&lt;/script&gt;');
  });

  it('assets are served without a session or a page\'s headers, an unknown asset is 404; a page gets its CSP with a nonce and no-store; the JSON API gets neither', async () => {
    const http = request(api.app.getHttpServer());
    const script = await http.get('/assets/js/govuk-frontend.min.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const icon = await http.get('/assets/images/favicon.ico');
    expect(icon.status).toBe(200);
    expect((await http.get('/assets/images/no-such-file.png')).status).toBe(404);
    for (const asset of [script, icon]) {
      expect(asset.headers['set-cookie']).toBeUndefined();
      expect(asset.headers['content-security-policy']).toBeUndefined();
    }
    const page = await http.get('/sign-in');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(page.headers['cache-control']).toBe('no-store');
    const json = await http.get('/api/v1/me');
    expect(json.status).toBe(401);
    expect(json.headers['set-cookie']).toBeUndefined();
    expect(json.headers['content-security-policy']).not.toMatch(/nonce/);
    expect(json.headers['cache-control']).toBeUndefined();
    // Express matches routes and mounts whatever the case: the API and the queue dashboard are reached so too, still without the web layer.
    const manager = `Bearer ${await api.tokenFor('mash_manager')}`;
    for (const path of ['/API/v1/me', '/Admin/Queues/api/queues']) {
      const other = await http.get(path).set('Authorization', manager);
      expect({ path, status: other.status }).toEqual({ path, status: 200 });
      expect(other.headers['content-security-policy'] ?? '').not.toMatch(/nonce/);
      expect(other.headers['cache-control']).toBeUndefined();
      expect(other.headers['set-cookie']).toBeUndefined();
    }
  });

  it('the session cookie is HttpOnly and SameSite=Lax; the session row holds the user id and token version only; the JSON API ignores it and sets no cookie', async () => {
    const web = new WebClient(api);
    await web.get('/sign-in');
    const res = await web.post('/sign-in', { email: 'referrer@mash.localhost', password: 'Referrer-dev-2026!' });
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('mash-session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const sid = decodeURIComponent(cookie.split(';')[0].split('=')[1]).slice(2).split('.')[0];
    const [row] = await api.app.get(DataSource).query('SELECT sess FROM web_session WHERE sid = $1', [sid]);
    // A new session at sign-in: no CSRF token from before it, no role, no name.
    expect(Object.keys(row.sess).sort()).toEqual(['cookie', 'signedInAt', 'tokenVersion', 'userId']);
    const me = await web.agent.get('/api/v1/me');
    expect(me.status).toBe(401);
    expect(me.headers['set-cookie']).toBeUndefined();
  });

  it('the account is checked on each request: an auditor whose access ends (here by a change made outside the API) is signed out at the next page', async () => {
    const admin = await api.http.post('/api/v1/auth/token').send(ADMIN);
    const me = await api.http.get('/api/v1/me').set('Authorization', `Bearer ${admin.body.accessToken}`);
    const email = `aud-${randomBytes(3).toString('hex')}@x.localhost`;
    const id = await createAccount(api, { email, name: 'Aud', role: 'auditor', agencyId: me.body.agencyId, accessExpiresAt: new Date(Date.now() + 3600_000).toISOString() }, 'a-long-password-2026');
    const web = new WebClient(api);
    await web.get('/sign-in');
    expect((await web.post('/sign-in', { email, password: 'a-long-password-2026' })).status).toBe(303);
    expect((await web.get('/signed-in')).status).toBe(200);
    // The access period ends while the session is still open (the account is not touched otherwise).
    await withDb((db) => db.query(`UPDATE app_user SET access_expires_at = now() - interval '1 second' WHERE id = $1`, [id]));
    const after = await web.get('/signed-in');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/sign-in?returnTo=%2Fsigned-in');
  });

  it('signing out through the API (or deactivation) ends the page session too: the session carries the token version', async () => {
    const admin = await api.http.post('/api/v1/auth/token').send(ADMIN);
    const me = await api.http.get('/api/v1/me').set('Authorization', `Bearer ${admin.body.accessToken}`);
    const email = `ref-${randomBytes(3).toString('hex')}@x.localhost`;
    await createAccount(api, { email, name: 'Ref', role: 'referrer', agencyId: me.body.agencyId }, 'a-long-password-2026');
    const web = new WebClient(api);
    await web.get('/sign-in');
    expect((await web.post('/sign-in', { email, password: 'a-long-password-2026' })).status).toBe(303);
    expect((await web.get('/referrals')).status).toBe(200);
    const token = (await api.http.post('/api/v1/auth/token').send({ email, password: 'a-long-password-2026' })).body.accessToken;
    expect((await api.http.post('/api/v1/auth/sign-out').set('Authorization', `Bearer ${token}`)).status).toBe(204);
    const after = await web.get('/referrals');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/sign-in/);
  });

  it('signing in on the page is the API login: failures are audited and lock the account, and a locked account cannot sign in with the right password', async () => {
    const admin = await api.http.post('/api/v1/auth/token').send(ADMIN);
    const me = await api.http.get('/api/v1/me').set('Authorization', `Bearer ${admin.body.accessToken}`);
    const email = `lock-${randomBytes(3).toString('hex')}@x.localhost`;
    const id = await createAccount(api, { email, name: 'Lock', role: 'referrer', agencyId: me.body.agencyId }, 'a-long-password-2026');
    const web = new WebClient(api);
    await web.get('/sign-in');
    for (let i = 0; i < 5; i++) {
      // Back-off holds the account between failures; release the hold so each wrong password counts.
      await withDb((db) => db.query(`UPDATE app_user SET locked_until = NULL WHERE id = $1 AND failed_login_count < 5`, [id]));
      expect((await web.post('/sign-in', { email, password: 'not-the-password' })).status).toBe(401);
    }
    expect((await web.post('/sign-in', { email, password: 'a-long-password-2026' })).status).toBe(401);
    const actions = await withDb(async (db) => (await db.query(`SELECT action FROM audit_event WHERE entity_id = $1 AND action LIKE 'auth.%' ORDER BY seq`, [id])).rows.map((r: { action: string }) => r.action));
    expect(actions.filter((a: string) => a === 'auth.login_failed')).toHaveLength(6);
    expect(actions).toContain('auth.locked_out');
    expect(actions).not.toContain('auth.login');
  });

  it('signing out ends the session; the absolute time-out signs out a session signed in over 10 hours ago', async () => {
    const web = new WebClient(api);
    await web.signIn('referrer');
    expect((await web.get('/sign-out')).headers.location).toBe('/signed-out');
    expect((await web.get('/referrals')).status).toBe(303);

    const old = new WebClient(api);
    const signedIn = await old.signIn('referrer');
    const sid = decodeURIComponent(([] as string[]).concat(signedIn.headers['set-cookie']).find((c) => c.startsWith('mash-session='))!.split(';')[0].split('=')[1]).slice(2).split('.')[0];
    await api.app.get(DataSource).query(`UPDATE web_session SET sess = jsonb_set(sess::jsonb, '{signedInAt}', to_jsonb($2::bigint))::json WHERE sid = $1`, [sid, Date.now() - 10 * 3600_000 - 1000]);
    const res = await old.get('/referrals');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
    expect((await old.get('/sign-in')).text).toContain('you are signed out 10 hours after signing in');
  });

  it('the worker’s sweep deletes expired sessions and keeps live ones', async () => {
    const ds = api.app.get(DataSource);
    const tag = randomBytes(4).toString('hex');
    await ds.query(`INSERT INTO web_session (sid, sess, expire) VALUES ($1, '{}', now() - interval '1 minute'), ($2, '{}', now() + interval '1 hour')`, [`old-${tag}`, `live-${tag}`]);
    await new WebSessionRepository(ds).deleteExpired(new Date());
    const left = await ds.query('SELECT sid FROM web_session WHERE sid LIKE $1 ORDER BY sid', [`%-${tag}`]);
    expect(left).toEqual([{ sid: `live-${tag}` }]);
  });
});
