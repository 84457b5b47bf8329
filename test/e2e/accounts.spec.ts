import type { INestApplicationContext } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { createAccount, adminToken, latestLinkToken } from '../utils/accounts';
import { withDb } from '../utils/db';
import { SmtpCapture } from '../utils/smtp-capture';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

const unique = (what: string) => `${what}-${randomBytes(4).toString('hex')}@accounts.localhost`;

/** SPEC SEC-1, SEC-4: accounts without shared secrets, tokens that end, lock-out, and every change on the audit trail. */
describe('Accounts and tokens', () => {
  let api: TestApi;
  let smtp: SmtpCapture;
  let worker: INestApplicationContext;
  let laAgency: string;
  const previousSmtp = process.env.SMTP_URL;
  const admin2 = () => api.tokenFor('admin2@mash.localhost').then((t) => `Bearer ${t}`);
  const admin = () => adminToken(api).then((t) => `Bearer ${t}`);
  const login = (email: string, password: string) => api.http.post('/api/v1/auth/token').send({ email, password });
  const auditActions = (userId: string) =>
    withDb(async (db) => (await db.query(`SELECT action, summary FROM audit_event WHERE entity_type = 'app_user' AND entity_id = $1 ORDER BY seq`, [userId])).rows);

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    process.env.SMTP_URL = smtp.url;
    api = await startApi();
    worker = await startWorker();
    laAgency = await withDb(async (db) => (await db.query(`SELECT agency_id FROM app_user WHERE email = 'worker@mash.localhost'`)).rows[0].agency_id);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.close();
    process.env.SMTP_URL = previousSmtp;
  });

  it('SEC-1: a new account gets a single-use link by e-mail; the administrator never sets or sees a password', async () => {
    const email = unique('new-admin');
    const created = await api.http.post('/api/v1/admin/users').set('Authorization', await admin()).send({ email, name: 'Nia New', role: 'referrer', agencyId: laAgency });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toMatch(/password"|token/i);
    const approved = await api.http.post(`/api/v1/admin/role-grants/${created.body.pendingRoleGrant.id}/approve`).set('Authorization', await admin2());
    expect(approved.body.account).toMatchObject({ status: 'invited', active: true });
    // A password in the request is refused: the contract no longer has one.
    const withPassword = await api.http.post('/api/v1/admin/users').set('Authorization', await admin()).send({ email: unique('x'), name: 'X', role: 'admin', agencyId: laAgency, password: 'chosen-by-admin-2026' });
    expect(withPassword.status).toBe(400);

    const mail = await waitFor(async () => smtp.messages.find((m) => m.to.includes(email)), 20_000, 'the activation e-mail');
    const link = /\/account\/password\?token=([A-Za-z0-9_%-]+)/.exec(mail.text);
    expect(link).not.toBeNull();
    const token = decodeURIComponent(link![1]);
    expect((await login(email, 'Nia-chooses-2026!')).status).toBe(401);
    expect((await api.http.post('/api/v1/auth/password').send({ token, password: 'Nia-chooses-2026!' })).status).toBe(204);
    expect((await login(email, 'Nia-chooses-2026!')).status).toBe(200);
    // Single use.
    const again = await api.http.post('/api/v1/auth/password').send({ token, password: 'Someone-else-2026!' });
    expect(again.status).toBe(404);
    expect((await login(email, 'Someone-else-2026!')).status).toBe(401);
  });

  it('SEC-1: a link that has expired does not work', async () => {
    const email = unique('late');
    const created = await api.http.post('/api/v1/admin/users').set('Authorization', await admin()).send({ email, name: 'Lee Late', role: 'referrer', agencyId: laAgency });
    await api.http.post(`/api/v1/admin/role-grants/${created.body.pendingRoleGrant.id}/approve`).set('Authorization', await admin2());
    const token = await latestLinkToken(api, created.body.id);
    await withDb((db) => db.query(`UPDATE account_link SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [created.body.id]));
    expect((await api.http.post('/api/v1/auth/password').send({ token, password: 'Too-late-now-2026' })).status).toBe(404);
    expect((await login(email, 'Too-late-now-2026')).status).toBe(401);
  });

  it('SEC-4: an administrator cannot give an account case access without a second administrator', async () => {
    const self = (await api.http.get('/api/v1/me').set('Authorization', await admin())).body.id as string;
    // Their own account: requested, not applied; they cannot approve it themselves.
    const own = await api.http.post(`/api/v1/admin/users/${self}/role`).set('Authorization', await admin()).send({ role: 'mash_manager' });
    expect(own.status).toBe(202);
    expect(own.body).toMatchObject({ role: 'admin', pendingRoleGrant: { role: 'mash_manager', kind: 'role_change' } });
    const selfApprove = await api.http.post(`/api/v1/admin/role-grants/${own.body.pendingRoleGrant.id}/approve`).set('Authorization', await admin());
    expect(selfApprove.status).toBe(403);
    expect((await api.http.get('/api/v1/triage/queue').set('Authorization', await admin())).status).toBe(403);
    // The second administrator refuses it: nothing changes.
    expect((await api.http.post(`/api/v1/admin/role-grants/${own.body.pendingRoleGrant.id}/reject`).set('Authorization', await admin2())).status).toBe(200);
    expect((await api.http.get(`/api/v1/admin/users/${self}`).set('Authorization', await admin2())).body).toMatchObject({ role: 'admin', pendingRoleGrant: null });

    // A new account with a case-reading role under an address the administrator controls: it cannot be used until approved.
    const email = unique('sock-puppet');
    const created = await api.http.post('/api/v1/admin/users').set('Authorization', await admin()).send({ email, name: 'Sam Puppet', role: 'mash_manager', agencyId: laAgency });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending_approval', active: false });
    expect(await latestLinkToken(api, created.body.id)).toBeUndefined();
    expect((await api.http.post(`/api/v1/admin/users/${created.body.id}/reactivate`).set('Authorization', await admin())).status).toBe(409);
    expect((await api.http.post(`/api/v1/admin/users/${created.body.id}/password-reset`).set('Authorization', await admin())).status).toBe(409);
    expect((await api.http.post(`/api/v1/admin/role-grants/${created.body.pendingRoleGrant.id}/approve`).set('Authorization', await admin())).status).toBe(403);
    const pending = await api.http.get('/api/v1/admin/role-grants').set('Authorization', await admin2());
    expect(pending.body.items.map((g: { id: string }) => g.id)).toContain(created.body.pendingRoleGrant.id);

    // Approved by the second administrator: the account becomes usable through its own link.
    const approved = await api.http.post(`/api/v1/admin/role-grants/${created.body.pendingRoleGrant.id}/approve`).set('Authorization', await admin2());
    expect(approved.status).toBe(200);
    expect(approved.body.account).toMatchObject({ status: 'invited', role: 'mash_manager', active: true });
    const actions = (await auditActions(created.body.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.role_approved']));
  });

  it('SEC-1: a deactivated user’s token is refused at once, and reactivation does not bring it back', async () => {
    const email = unique('leaver');
    const id = await createAccount(api, { email, name: 'Lou Leaver', role: 'mash_worker', agencyId: laAgency }, 'Leaver-pass-2026!');
    const token = (await login(email, 'Leaver-pass-2026!')).body.accessToken;
    expect((await api.http.get('/api/v1/triage/queue').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const off = await api.http.post(`/api/v1/admin/users/${id}/deactivate`).set('Authorization', await admin());
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('deactivated');
    const refused = await api.http.get('/api/v1/triage/queue').set('Authorization', `Bearer ${token}`);
    expect(refused.status).toBe(401);
    expect((await login(email, 'Leaver-pass-2026!')).status).toBe(401);
    expect((await api.http.post(`/api/v1/admin/users/${id}/reactivate`).set('Authorization', await admin())).status).toBe(200);
    expect((await api.http.get('/api/v1/triage/queue').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await login(email, 'Leaver-pass-2026!')).status).toBe(200);
    const listed = await api.http.get('/api/v1/admin/users?limit=200').set('Authorization', await admin());
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((u: { id: string }) => u.id === id)).toMatchObject({ status: 'active', role: 'mash_worker' });
    const actions = (await auditActions(id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.deactivated', 'user.reactivated', 'auth.login']));
  });

  it('SEC-1: a token revoked by sign-out is refused before it expires', async () => {
    const email = unique('signout');
    await createAccount(api, { email, name: 'Sid Signout', role: 'police', agencyId: laAgency }, 'Signout-pass-2026!');
    const token = (await login(email, 'Signout-pass-2026!')).body.accessToken;
    expect((await api.http.get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await api.http.post('/api/v1/auth/sign-out').set('Authorization', `Bearer ${token}`)).status).toBe(204);
    const after = await api.http.get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(after.status).toBe(401);
    const fresh = (await login(email, 'Signout-pass-2026!')).body.accessToken;
    expect((await api.http.get('/api/v1/me').set('Authorization', `Bearer ${fresh}`)).status).toBe(200);
  });

  it('SEC-1: tokens carry issuer and audience, and a token for another audience or issuer is refused', async () => {
    const token = await api.tokenFor('mash_worker');
    const claims = new JwtService().decode(token) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: 'mash-triage', aud: 'mash-triage-api' });
    const jwt = api.app.get(JwtService);
    const { sub, role, agencyId, ver } = claims;
    for (const options of [{ audience: 'another-service' }, { issuer: 'someone-else' }]) {
      const other = await jwt.signAsync({ sub, role, agencyId, ver }, { expiresIn: 60, ...options });
      expect((await api.http.get('/api/v1/me').set('Authorization', `Bearer ${other}`)).status).toBe(401);
    }
  });

  it('SEC-1: repeated failed logins lock the account, even for the right password; an administrator releases it', async () => {
    const email = unique('guessed');
    const id = await createAccount(api, { email, name: 'Gus Guessed', role: 'partner', agencyId: laAgency }, 'Right-pass-2026!');
    for (let i = 0; i < 5; i++) {
      await withDb((db) => db.query('UPDATE app_user SET locked_until = NULL WHERE id = $1 AND failed_login_count < 5', [id])); // skip the back-off waits, not the count
      expect((await login(email, `wrong-guess-${i}`)).status).toBe(401);
    }
    const locked = await login(email, 'Right-pass-2026!');
    expect(locked.status).toBe(401);
    expect(locked.body.message).toBe('Invalid e-mail or password');
    expect((await api.http.get(`/api/v1/admin/users/${id}`).set('Authorization', await admin())).body.status).toBe('locked');
    const actions = (await auditActions(id)).map((e) => e.action);
    expect(actions.filter((a) => a === 'auth.login_failed').length).toBeGreaterThanOrEqual(6);
    expect(actions).toContain('auth.locked_out');
    expect((await api.http.post(`/api/v1/admin/users/${id}/unlock`).set('Authorization', await admin())).status).toBe(200);
    expect((await login(email, 'Right-pass-2026!')).status).toBe(200);
  });

  it('SEC-1: a lock-out ends by itself when its time is up', async () => {
    const email = unique('timed');
    const id = await createAccount(api, { email, name: 'Tia Timed', role: 'partner', agencyId: laAgency }, 'Timed-pass-2026!');
    await withDb((db) => db.query(`UPDATE app_user SET failed_login_count = 5, locked_until = now() + interval '15 minutes' WHERE id = $1`, [id]));
    expect((await login(email, 'Timed-pass-2026!')).status).toBe(401);
    await withDb((db) => db.query(`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE id = $1`, [id]));
    expect((await login(email, 'Timed-pass-2026!')).status).toBe(200);
  });

  it('SEC-1: a user asks for a reset link; the answer is the same for an unknown address; the old password ends with the new one', async () => {
    const email = unique('forgetful');
    const id = await createAccount(api, { email, name: 'Fay Forgetful', role: 'referrer', agencyId: laAgency }, 'Old-pass-2026!!');
    const oldToken = (await login(email, 'Old-pass-2026!!')).body.accessToken;
    const known = await api.http.post('/api/v1/auth/password-reset').send({ email });
    const unknown = await api.http.post('/api/v1/auth/password-reset').send({ email: unique('nobody') });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const mail = await waitFor(async () => smtp.messages.find((m) => m.to.includes(email) && /reset/i.test(m.subject)), 20_000, 'the reset e-mail');
    const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(mail.text)![1]);
    expect((await api.http.post('/api/v1/auth/password').send({ token, password: 'New-pass-2026!!' })).status).toBe(204);
    expect((await login(email, 'Old-pass-2026!!')).status).toBe(401);
    expect((await login(email, 'New-pass-2026!!')).status).toBe(200);
    expect((await api.http.get('/api/v1/me').set('Authorization', `Bearer ${oldToken}`)).status).toBe(401);
    expect((await auditActions(id)).map((e) => e.action)).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_set']));
  });

  it('SEC-1: every login and failed login is on the audit trail, without the address tried', async () => {
    const email = unique('audited');
    const id = await createAccount(api, { email, name: 'Ari Audited', role: 'referrer', agencyId: laAgency }, 'Audited-pass-2026');
    await login(email, 'not-it-at-all');
    await login(email, 'Audited-pass-2026');
    const events = await auditActions(id);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.login_failed', 'auth.login', 'user.password_set']));
    const nobody = unique('nobody');
    await login(nobody, 'whatever-it-is');
    const unknown = await withDb(async (db) => (await db.query(`SELECT summary::text AS s FROM audit_event WHERE action = 'auth.login_failed' AND entity_id IS NULL ORDER BY seq DESC LIMIT 1`)).rows[0]);
    expect(unknown.s).toContain('unknown_account');
    expect(unknown.s).not.toContain(nobody);
  });

  it('SEC-4: the administrator role itself takes a second administrator, so one administrator cannot make a sock-puppet administrator to approve case access', async () => {
    const self = (await api.http.get('/api/v1/me').set('Authorization', await admin())).body.id as string;
    const res = await api.http.post(`/api/v1/admin/users/${self}/deactivate`).set('Authorization', await admin());
    expect(res.status).toBe(422);

    // A new administrator at an address the first controls: not usable, no link sent, until a second administrator approves.
    const puppetEmail = unique('puppet-admin');
    const puppet = await api.http.post('/api/v1/admin/users').set('Authorization', await admin()).send({ email: puppetEmail, name: 'Pip Puppet', role: 'admin', agencyId: laAgency });
    expect(puppet.status).toBe(201);
    expect(puppet.body).toMatchObject({ status: 'pending_approval', active: false, pendingRoleGrant: { role: 'admin', kind: 'new_account' } });
    expect(await latestLinkToken(api, puppet.body.id)).toBeUndefined();
    expect((await api.http.post(`/api/v1/admin/role-grants/${puppet.body.pendingRoleGrant.id}/approve`).set('Authorization', await admin())).status).toBe(403);
    expect((await api.http.post(`/api/v1/admin/users/${puppet.body.id}/reactivate`).set('Authorization', await admin())).status).toBe(409);

    // Promoting an existing account to administrator waits too; its role and tokens stay as they were until approved.
    const email = unique('promoted');
    const id = await createAccount(api, { email, name: 'Pat Promoted', role: 'mash_worker', agencyId: laAgency }, 'Promoted-pass-2026');
    const token = (await login(email, 'Promoted-pass-2026')).body.accessToken;
    const changed = await api.http.post(`/api/v1/admin/users/${id}/role`).set('Authorization', await admin()).send({ role: 'admin' });
    expect(changed.status).toBe(202);
    expect(changed.body).toMatchObject({ role: 'mash_worker', pendingRoleGrant: { role: 'admin', kind: 'role_change' } });
    expect((await api.http.get('/api/v1/admin/users').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    expect((await api.http.post(`/api/v1/admin/role-grants/${changed.body.pendingRoleGrant.id}/approve`).set('Authorization', await admin())).status).toBe(403);
    const approved = await api.http.post(`/api/v1/admin/role-grants/${changed.body.pendingRoleGrant.id}/approve`).set('Authorization', await admin2());
    expect(approved.status).toBe(200);
    expect(approved.body.account.role).toBe('admin');
    // The role change ends earlier tokens.
    expect((await api.http.get('/api/v1/triage/queue').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const actions = (await auditActions(id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.role_requested', 'user.role_approved']));
  });

  it('SEC-4: every account change is on the audit trail, with who made it (agency, account, role, deactivation, reactivation, unlock, reset)', async () => {
    const adminId = (await api.http.get('/api/v1/me').set('Authorization', await admin())).body.id as string;
    const agency = await api.http.post('/api/v1/admin/agencies').set('Authorization', await admin()).send({ name: `Audited Agency ${randomBytes(3).toString('hex')}`, type: 'housing' });
    expect(agency.status).toBe(201);
    const id = await createAccount(api, { email: unique('changes'), name: 'Cai Changes', role: 'partner', agencyId: agency.body.id }, 'Changes-pass-2026');
    for (const step of ['deactivate', 'reactivate', 'unlock', 'password-reset']) {
      expect((await api.http.post(`/api/v1/admin/users/${id}/${step}`).set('Authorization', await admin())).status).toBeLessThan(300);
    }
    const rows = await withDb(async (db) => (await db.query(`SELECT action, actor_user_id FROM audit_event WHERE entity_id = $1 AND action LIKE 'user.%' ORDER BY seq`, [id])).rows);
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'user.created', 'user.role_approved', 'user.password_set', 'user.deactivated', 'user.reactivated', 'user.unlocked', 'user.password_reset_requested',
    ]);
    expect(rows.filter((r: { action: string }) => ['user.created', 'user.deactivated', 'user.reactivated'].includes(r.action)).every((r: { actor_user_id: string }) => r.actor_user_id === adminId)).toBe(true);
    const agencyEvent = await withDb(async (db) => (await db.query(`SELECT actor_user_id FROM audit_event WHERE action = 'agency.created' AND entity_id = $1`, [agency.body.id])).rows);
    expect(agencyEvent).toEqual([{ actor_user_id: adminId }]);
    // The bootstrap administrator's creation by the migrate job is there too, as the system's act.
    const bootstrap = await withDb(async (db) => (await db.query(`SELECT actor_role FROM audit_event WHERE action = 'user.created' AND entity_id = $1`, [adminId])).rows);
    expect(bootstrap).toEqual([{ actor_role: 'system' }]);
  });
});
