import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditSealerService } from '../../../src/audit/audit-sealer.service';
import type { Role } from '../../../src/auth/roles';
import { listRoutes } from '../../../src/common/route-inventory';
import { simpleContact, tag } from '../../factories/contact-bodies';
import { adminToken, latestLinkToken } from '../../utils/accounts';
import { startApi, TestApi } from '../../utils/test-app';
import { TEST_ADMIN } from '../../utils/test-secrets';
import { errorSummary, heading, title, WebClient } from '../../utils/web-client';

/**
 * Who may see each administration and audit page, written out by hand as the API's security matrix
 * is (test/security/route-access-matrix.ts): a statement to review, checked against the declarations.
 */
const OVERSIGHT: Role[] = ['mash_manager', 'auditor'];
const PAGE_ACCESS: Record<string, Role[] | 'public'> = {
  'GET /administration': ['admin'],
  'GET /administration/accounts': ['admin'],
  'GET /administration/accounts/invite': ['admin'],
  'POST /administration/accounts/invite': ['admin'],
  'GET /administration/accounts/:id': ['admin'],
  'POST /administration/accounts/:id/role': ['admin'],
  'POST /administration/accounts/:id/:action': ['admin'],
  'GET /administration/approvals': ['admin'],
  'POST /administration/approvals/:id/:decision': ['admin'],
  'GET /administration/agencies': ['admin'],
  'GET /administration/agencies/new': ['admin'],
  'POST /administration/agencies/new': ['admin'],
  'GET /administration/configuration': ['admin'],
  'GET /audit': OVERSIGHT,
  'GET /audit/trail': OVERSIGHT,
  'GET /audit/verify': OVERSIGHT,
  'GET /audit/people/:id/viewers': ['mash_manager'],
  'GET /audit/decisions': OVERSIGHT,
  'GET /audit/decisions/:id': OVERSIGHT,
  'GET /audit/results': OVERSIGHT,
  'GET /audit/samples/:id': OVERSIGHT,
  'GET /account/password': 'public',
  'POST /account/password': 'public',
};

const unique = (what: string) => `${what}-${randomBytes(4).toString('hex')}@admin-pages.localhost`;

/** SPEC SEC-1, SEC-4, MGT-4, WEB: administrators' pages, the audit trail's pages, auditors' read-only pages, the password link's page. */
describe('Web: administration, audit and account pages', () => {
  let api: TestApi;
  let ds: DataSource;
  let laAgency: string;
  const admin = async () => {
    const web = new WebClient(api);
    await web.get('/sign-in');
    expect((await web.post('/sign-in', TEST_ADMIN)).status).toBe(303);
    // A new session at sign-in: its pages carry a new CSRF token.
    await web.get('/administration');
    return web;
  };

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    [{ agency_id: laAgency }] = await ds.query(`SELECT agency_id FROM app_user WHERE email = 'worker@mash.localhost'`);
  });
  afterAll(() => api.close());

  it('every page, of any method, declares its roles; these pages declare exactly the roles written here', () => {
    const pages = listRoutes(api.app).filter((r) => r.page);
    expect(pages.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const mine = pages.filter((r) => /^\/(administration|audit|account)(\/|$)/.test(r.path));
    const declared = Object.fromEntries(mine.map((r) => [`${r.method} ${r.path}`, r.access!.public ? 'public' : [...r.access!.roles].sort()]));
    expect(declared).toEqual(Object.fromEntries(Object.entries(PAGE_ACCESS).map(([k, v]) => [k, v === 'public' ? v : [...v].sort()])));
  });

  it('SEC-1: the e-mailed link opens a page to choose a password, with the GOV.UK error summary; the link works once', async () => {
    const token = `Bearer ${await adminToken(api)}`;
    const email = unique('link');
    const created = await api.http.post('/api/v1/admin/users').set('Authorization', token).send({ email, name: 'Lin Link', role: 'referrer', agencyId: laAgency });
    const approved = await api.http.post(`/api/v1/admin/role-grants/${created.body.pendingRoleGrant.id}/approve`).set('Authorization', `Bearer ${await api.tokenFor('admin2@mash.localhost')}`);
    expect(approved.status).toBe(200);
    const link = (await latestLinkToken(api, created.body.id))!;

    const web = new WebClient(api);
    const form = await web.get(`/account/password?token=${encodeURIComponent(link)}`);
    expect(form.status).toBe(200);
    expect(heading(form.text)).toBe('Choose a password');
    const short = await web.post('/account/password', { token: link, password: 'short', confirmPassword: 'short' });
    expect(short.status).toBe(400);
    expect(title(short.text)).toMatch(/^Error: Choose a password/);
    expect(errorSummary(short.text)).toEqual([{ text: 'Your password must be at least 12 characters', href: '#password' }]);
    const mismatch = await web.post('/account/password', { token: link, password: 'Lin-chooses-2026!', confirmPassword: 'Lin-chooses-2027!' });
    expect(errorSummary(mismatch.text)).toEqual([{ text: 'The passwords do not match', href: '#confirmPassword' }]);
    const done = await web.post('/account/password', { token: link, password: 'Lin-chooses-2026!', confirmPassword: 'Lin-chooses-2026!' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/sign-in');
    expect((await api.http.post('/api/v1/auth/token').send({ email, password: 'Lin-chooses-2026!' })).status).toBe(200);
    // Single use: the same link again is refused, and says what to do.
    const again = await web.post('/account/password', { token: link, password: 'Someone-else-2026!', confirmPassword: 'Someone-else-2026!' });
    expect(again.status).toBe(404);
    expect(heading(again.text)).toBe('This link does not work');
    expect((await api.http.post('/api/v1/auth/token').send({ email, password: 'Someone-else-2026!' })).status).toBe(401);
  });

  it('SEC-4: an administrator invites someone on the page; the role waits for a second administrator, who approves it on theirs; deactivation ends access; each step audited', async () => {
    const first = await admin();
    const empty = await first.post('/administration/accounts/invite', { name: '', email: '', role: '', agencyId: '' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.text).map((e) => e.href)).toEqual(expect.arrayContaining(['#email', '#role', '#agencyId']));
    const auditorWithoutEnd = await first.post('/administration/accounts/invite', { name: 'Ava Auditor', email: unique('aud'), role: 'auditor', agencyId: laAgency });
    expect(errorSummary(auditorWithoutEnd.text)).toEqual([{ text: 'An auditor needs a future accessExpiresAt', href: '#accessExpiresAt' }]);

    const email = unique('invited');
    const invited = await first.post('/administration/accounts/invite', { name: 'Ivy Invited', email, role: 'mash_worker', agencyId: laAgency });
    expect(invited.status).toBe(303);
    const accountPath = invited.headers.location as string;
    const page = await first.get(accountPath);
    expect(page.text).toContain('Waiting for approval');
    const [{ id: userId }] = await ds.query('SELECT id FROM app_user WHERE email = $1', [email]);
    const [{ id: grantId }] = await ds.query(`SELECT id FROM role_grant WHERE user_id = $1 AND status = 'pending'`, [userId]);

    // The administrator who asked cannot approve it: the page says so, and the post is refused with the rule.
    const own = await first.get('/administration/approvals');
    expect(own.text).toContain('Another administrator must decide this');
    const selfApprove = await first.post(`/administration/approvals/${grantId}/approve`, {});
    expect(selfApprove.status).toBe(400);
    expect(errorSummary(selfApprove.text)[0].text).toBe('Another administrator must decide this: not the one who asked for it, nor the account holder');

    const second = new WebClient(api);
    await second.signIn('admin2@mash.localhost');
    expect((await second.get('/administration/approvals')).text).toContain('Ivy Invited');
    const approved = await second.post(`/administration/approvals/${grantId}/approve`, {});
    expect(approved.status).toBe(303);
    expect((await first.get(accountPath)).text).toContain('Invited');

    const deactivated = await first.post(`${accountPath}/deactivate`, {});
    expect(deactivated.status).toBe(303);
    expect((await first.get(accountPath)).text).toContain('Deactivated');
    const actions = (await ds.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`, [userId])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['user.created', 'user.role_approved', 'user.deactivated']);
  });

  it('SEC-4: an administrator adds an agency, and reads the configuration in force (no form on it)', async () => {
    const web = await admin();
    const missing = await web.post('/administration/agencies/new', { name: '', type: '' });
    expect(missing.status).toBe(400);
    expect(errorSummary(missing.text).map((e) => e.href)).toEqual(['#name', '#type']);
    const name = `Oak Primary ${tag()}`;
    const badDomain = await web.post('/administration/agencies/new', { name, type: 'school', emailDomains: 'oak-primary.example.sch.uk\nnot a domain!' });
    expect(badDomain.status).toBe(400);
    expect(errorSummary(badDomain.text)).toEqual([{ href: '#emailDomains', text: 'Enter each e-mail domain as a domain name, one per line, such as riverside-school.example.sch.uk' }]);
    expect(badDomain.text).toContain('oak-primary.example.sch.uk'); // what was typed stays
    expect((await web.post('/administration/agencies/new', { name, type: 'school', emailDomains: 'oak-primary.example.sch.uk\n@staff.oak-primary.example.sch.uk' })).status).toBe(303);
    const list = (await web.get('/administration/agencies')).text;
    expect(list).toContain(name);
    expect(list).toContain('oak-primary.example.sch.uk, staff.oak-primary.example.sch.uk');
    const config = await web.get('/administration/configuration');
    expect(config.status).toBe(200);
    expect(config.text).toContain('rag-framework-v2');
    expect(config.text).toContain('Neglect');
    expect(config.text).toContain('Europe/London');
    expect(config.text).not.toMatch(/<form(?![^>]*keep-alive)/);
  });

  it('SEC-4: no case page is reachable by an administrator: a child’s referral page answers 404, as a page that does not exist', async () => {
    const created = await api.http.post('/api/v1/contacts').set('Authorization', `Bearer ${await api.tokenFor('referrer')}`).send(simpleContact(tag()));
    expect(created.status).toBe(201);
    const web = await admin();
    for (const path of [`/referrals/${created.body.id}`, '/referrals', '/referrals/new/what-happened']) {
      const res = await web.get(path);
      expect({ path, status: res.status, heading: heading(res.text) }).toEqual({ path, status: 404, heading: 'Page not found' });
    }
  });

  it('SEC-4: an auditor’s pages show their access expiry and hold no form at all; the trail verifies', async () => {
    const web = new WebClient(api);
    await web.signIn('auditor');
    const [{ id: decisionId }] = await ds.query(
      `INSERT INTO threshold_decision (contact_id, subject_id, outcome, threshold_level, status, rationale, decided_by_user_id, decided_at, final_at, framework_version, overridden_rules, override_reason)
       SELECT c.id, s.id, 'cin_assessment', 3, 'final', 'Read the history', u.id, now(), now(), 'rag-framework-v1', '{DEC-3.sole-reason}', 'Manager read the history'
         FROM contact c JOIN contact_subject s ON s.contact_id = c.id, app_user u
        WHERE u.email = 'manager@mash.localhost' AND NOT EXISTS (SELECT 1 FROM threshold_decision d WHERE d.subject_id = s.id) LIMIT 1 RETURNING id`,
    );
    for (const path of ['/audit', '/audit/trail', '/audit/verify', '/audit/decisions', `/audit/decisions/${decisionId}`, '/audit/results']) {
      const res = await web.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect({ path, forms: (res.text.match(/<form/g) ?? []).length }).toEqual({ path, forms: 0 });
      expect(res.text).toContain('Your access as an auditor ends on');
    }
    // Seal what is waiting, as the worker's sealing job does (no worker runs in this file).
    await api.app.get(AuditSealerService).sealAll();
    expect((await web.get('/audit/verify')).text).toContain('The trail is intact');
    // Reading a decision here is the API's audited read.
    const reads = await ds.query(`SELECT actor_role FROM audit_event WHERE action = 'threshold_decision.read' AND entity_id = $1`, [decisionId]);
    expect(reads).toContainEqual({ actor_role: 'auditor' });
    // Who viewed a child is a manager's page.
    expect((await web.get(`/audit/people/${decisionId}/viewers`)).status).toBe(403);
  });

  it('MGT-4: a manager sees who viewed a child, the reads of a referrer and a MASH worker included', async () => {
    const created = await api.http.post('/api/v1/contacts').set('Authorization', `Bearer ${await api.tokenFor('referrer')}`).send(simpleContact(tag()));
    const [{ id: personId }] = await ds.query(`INSERT INTO person (kind, first_name, last_name, sex) VALUES ('child', 'Viewed', $1, 'F') RETURNING id`, [`Child${tag()}`]);
    await ds.query('UPDATE contact_subject SET person_id = $1 WHERE contact_id = $2', [personId, created.body.id]);
    expect((await api.http.get(`/api/v1/contacts/${created.body.id}`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`)).status).toBe(200);
    const web = new WebClient(api);
    await web.signIn('mash_manager');
    const page = await web.get(`/audit/people/${personId}/viewers`);
    expect(page.status).toBe(200);
    expect(heading(page.text)).toBe('Who viewed this child');
    expect(page.text).toContain('mash worker');
    expect(page.text).toMatch(/contact \(full\)/);
  });
});
