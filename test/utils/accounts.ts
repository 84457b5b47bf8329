import { accountLinkToken } from '../../src/auth/domain/account-link-token';
import type { Role } from '../../src/auth/roles';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import { withDb } from './db';
import type { TestApi } from './test-app';
import { TEST_ADMIN } from './test-secrets';

export const BOOTSTRAP_ADMIN = TEST_ADMIN;

export async function adminToken(api: TestApi): Promise<string> {
  const res = await api.http.post('/api/v1/auth/token').send(BOOTSTRAP_ADMIN);
  if (res.status !== 200) throw new Error(`bootstrap admin login failed: ${res.status}`);
  return res.body.accessToken;
}

/**
 * The link the worker would e-mail for the user's newest unused link: derived from the stored id
 * and nonce with the production derivation (src/auth/domain/account-link-token.ts). Tests that
 * prove the e-mail itself read it from the SMTP capture instead.
 */
export async function latestLinkToken(api: TestApi, userId: string): Promise<string | undefined> {
  const link = await withDb(async (db) => (await db.query('SELECT id, nonce FROM account_link WHERE user_id = $1 AND used_at IS NULL ORDER BY created_at DESC LIMIT 1', [userId])).rows[0]);
  if (!link) return undefined;
  return accountLinkToken(api.app.get<AppConfig>(APP_CONFIG).jwtSecret, link.id, link.nonce);
}

/**
 * An account as the service makes one: the bootstrap administrator creates it, the second
 * (seeded) administrator approves a case-reading role, and the user chooses `password` through
 * the activation link. Answers the account id.
 */
export async function createAccount(
  api: TestApi,
  account: { email: string; name: string; role: Role; agencyId: string; accessExpiresAt?: string },
  password: string,
): Promise<string> {
  const admin = `Bearer ${await adminToken(api)}`;
  const created = await api.http.post('/api/v1/admin/users').set('Authorization', admin).send(account);
  if (created.status !== 201) throw new Error(`account not created: ${created.status} ${JSON.stringify(created.body)}`);
  if (created.body.pendingRoleGrant) {
    const approved = await api.http
      .post(`/api/v1/admin/role-grants/${created.body.pendingRoleGrant.id}/approve`)
      .set('Authorization', `Bearer ${await api.tokenFor('admin2@mash.localhost')}`);
    if (approved.status !== 200) throw new Error(`role not approved: ${approved.status} ${JSON.stringify(approved.body)}`);
  }
  const token = await latestLinkToken(api, created.body.id);
  const set = await api.http.post('/api/v1/auth/password').send({ token, password });
  if (set.status !== 204) throw new Error(`password not set: ${set.status} ${JSON.stringify(set.body)}`);
  return created.body.id;
}
