import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { latestLinkToken } from '../utils/accounts';
import { startApi, TestApi } from '../utils/test-app';
import { TEST_ADMIN } from '../utils/test-secrets';

describe('Authentication and access (SPEC SEC-1)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(() => api.close());

  it('a wrong password and an unknown e-mail both get 401 with the same generic message', async () => {
    const wrongPassword = await api.http.post('/api/v1/auth/token').send({ email: 'worker@mash.localhost', password: 'not-the-password' });
    const unknownEmail = await api.http.post('/api/v1/auth/token').send({ email: 'nobody@mash.localhost', password: 'not-the-password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body.message).toBe('Invalid e-mail or password');
    expect(unknownEmail.body.message).toBe(wrongPassword.body.message);
    expect(wrongPassword.body.accessToken).toBeUndefined();
  });

  it('a valid login returns a short-lived token that identifies the caller', async () => {
    const res = await api.http.post('/api/v1/auth/token').send({ email: 'WORKER@mash.localhost', password: 'Worker-dev-2026!' });
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBe(900);
    expect(res.body.user).toMatchObject({ role: 'mash_worker', email: 'worker@mash.localhost' });
    const me = await api.http.get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(res.body.user.id);
  });

  it('no token, an expired token and a tampered token are all 401', async () => {
    expect((await api.http.get('/api/v1/me')).status).toBe(401);
    const token = await api.tokenFor('mash_worker');
    const claims = new JwtService().decode(token) as { sub: string; role: string; agencyId: string };
    const expired = await api.app.get(JwtService).signAsync({ sub: claims.sub, role: claims.role, agencyId: claims.agencyId }, { expiresIn: -10 });
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, role: 'mash_manager' })).toString('base64url');
    for (const bad of [expired, `${header}.${forgedPayload}.${signature}`, `${header}.${payload}.${randomBytes(32).toString('base64url')}`]) {
      const res = await api.http.get('/api/v1/me').set('Authorization', `Bearer ${bad}`);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('The token is invalid or has expired');
    }
  });

  it('a role calling a route it may not use gets 403', async () => {
    const res = await api.http
      .post('/api/v1/admin/agencies')
      .set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`)
      .send({ name: 'Sneaky agency', type: 'school' });
    expect(res.status).toBe(403);
  });

  it('an administrator creates an agency and a user, who can then log in once they chose a password through their link', async () => {
    const admin = await api.http.post('/api/v1/auth/token').send(TEST_ADMIN);
    expect(admin.status).toBe(200);
    const auth = `Bearer ${admin.body.accessToken}`;
    const agency = await api.http.post('/api/v1/admin/agencies').set('Authorization', auth).send({ name: 'Oakfield Academy', type: 'school', email: 'dsl@oakfield.localhost' });
    expect(agency.status).toBe(201);
    const email = `dsl-${randomBytes(3).toString('hex')}@oakfield.localhost`;
    const user = await api.http.post('/api/v1/admin/users').set('Authorization', auth).send({ email, name: 'Dana DSL', role: 'referrer', agencyId: agency.body.id });
    expect(user.status).toBe(201);
    expect(user.body.passwordHash).toBeUndefined();
    expect(user.body).toMatchObject({ status: 'pending_approval', role: 'referrer', active: false });
    const approved = await api.http.post(`/api/v1/admin/role-grants/${user.body.pendingRoleGrant.id}/approve`).set('Authorization', `Bearer ${await api.tokenFor('admin2@mash.localhost')}`);
    expect(approved.status).toBe(200);
    const token = await latestLinkToken(api, user.body.id);
    expect((await api.http.post('/api/v1/auth/password').send({ token, password: 'a-long-password-2026' })).status).toBe(204);
    const login = await api.http.post('/api/v1/auth/token').send({ email, password: 'a-long-password-2026' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: 'referrer', agencyId: agency.body.id });
    const again = await api.http.post('/api/v1/admin/users').set('Authorization', auth).send({ email, name: 'Dana DSL', role: 'referrer', agencyId: agency.body.id });
    expect(again.status).toBe(409);
  });

  it('an auditor whose access has expired cannot log in (SPEC SEC-4)', async () => {
    const admin = await api.http.post('/api/v1/auth/token').send(TEST_ADMIN);
    const auth = `Bearer ${admin.body.accessToken}`;
    const me = await api.http.get('/api/v1/me').set('Authorization', auth);
    const noExpiry = await api.http.post('/api/v1/admin/users').set('Authorization', auth).send({ email: `aud-${randomBytes(3).toString('hex')}@x.localhost`, name: 'Aud', role: 'auditor', agencyId: me.body.agencyId });
    expect(noExpiry.status).toBe(422);
    expect(noExpiry.body.details[0]).toMatchObject({ field: 'accessExpiresAt', rule: 'SEC-4.auditor-expiry' });
  });

  it('an administrator cannot read the audit trail (no case data, SPEC SEC-4)', async () => {
    const admin = await api.http.post('/api/v1/auth/token').send(TEST_ADMIN);
    const res = await api.http.get('/api/v1/audit-events').set('Authorization', `Bearer ${admin.body.accessToken}`);
    expect(res.status).toBe(403);
    const manager = await api.http.get('/api/v1/audit-events').set('Authorization', `Bearer ${await api.tokenFor('mash_manager')}`);
    expect(manager.status).toBe(200);
  });

  it('Bull Board is for administrators and managers only', async () => {
    expect((await api.http.get('/admin/queues')).status).toBe(401);
    expect((await api.http.get('/admin/queues').set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`)).status).toBe(403);
    expect((await api.http.get('/admin/queues').set('Authorization', `Bearer ${await api.tokenFor('mash_manager')}`)).status).toBe(200);
  });
});
