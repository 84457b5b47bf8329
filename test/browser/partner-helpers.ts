import { APIRequestContext, expect } from '@playwright/test';
import { Client } from 'pg';
import { accountLinkToken } from '../../src/auth/domain/account-link-token';
import { DEMO_USERS } from '../../src/seed/demo-data';

/**
 * The published development values (src/config/environment-variables.ts, which Playwright's loader
 * cannot import: it has decorators); the browser tests' server runs with NODE_ENV=development.
 */
const DEV_JWT_SECRET = 'development-only-secret-do-not-use-in-production';
const DEV_ADMIN_PASSWORD = 'admin-development-password';

/** The browser tests' own database (playwright.config.ts: TEST_DATABASE_URL with `_browser`). */
export function browserDatabaseUrl(): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_test');
  url.pathname = `${url.pathname}_browser`;
  return url.toString();
}

export async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: browserDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function bearer(request: APIRequestContext, who: string): Promise<Record<string, string>> {
  const user = who === 'admin@mash.localhost' ? { email: who, password: DEV_ADMIN_PASSWORD } : DEMO_USERS.find((u) => u.email === who || u.role === who)!;
  const res = await request.post('/api/v1/auth/token', { data: { email: user.email, password: user.password } });
  expect(res.status()).toBe(200);
  return { Authorization: `Bearer ${(await res.json()).accessToken}` };
}

export async function me(request: APIRequestContext, who: string): Promise<{ id: string; agencyId: string }> {
  const res = await request.get('/api/v1/me', { headers: await bearer(request, who) });
  expect(res.status()).toBe(200);
  const body = await res.json();
  return { id: body.id, agencyId: body.agencyId };
}

/**
 * A partner account in a new agency, made as the service makes one: the administrator creates it,
 * the second administrator approves the role, the user sets a password through the account link
 * (derived as the worker derives it for the e-mail, from the development signing secret).
 */
export async function partnerInNewAgency(request: APIRequestContext, agency: { name: string; type: string }, email: string, password: string): Promise<void> {
  const admin = await bearer(request, 'admin@mash.localhost');
  const created = await request.post('/api/v1/admin/agencies', { headers: admin, data: agency });
  expect(created.status()).toBe(201);
  const user = await request.post('/api/v1/admin/users', { headers: admin, data: { email, name: 'Dr Second Practice', role: 'partner', agencyId: (await created.json()).id } });
  expect(user.status(), await user.text()).toBe(201);
  const body = await user.json();
  if (body.pendingRoleGrant) {
    const approved = await request.post(`/api/v1/admin/role-grants/${body.pendingRoleGrant.id}/approve`, { headers: await bearer(request, 'admin2@mash.localhost') });
    expect(approved.status()).toBe(200);
  }
  const [link] = await query<{ id: string; nonce: string }>('SELECT id, nonce FROM account_link WHERE user_id = $1 AND used_at IS NULL ORDER BY created_at DESC LIMIT 1', [body.id]);
  const set = await request.post('/api/v1/auth/password', { data: { token: accountLinkToken(DEV_JWT_SECRET, link.id, link.nonce), password } });
  expect(set.status()).toBe(204);
}

/** A referral from the school through the API: answers the contact id and its children's ids. */
export async function schoolReferral(request: APIRequestContext, children: { firstName: string; lastName: string; dateOfBirth: string; gpPractice?: string }[]): Promise<{ contactId: string; subjectIds: string[] }> {
  const res = await request.post('/api/v1/contacts', {
    headers: await bearer(request, 'referrer'),
    data: { channel: 'professional', subjects: children, concerns: [{ category: 'neglect_indicator', description: 'Arrives hungry most days; uniform unwashed.' }] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const contactId = (await res.json()).id;
  const detail = await request.get(`/api/v1/contacts/${contactId}`, { headers: await bearer(request, 'mash_worker') });
  const subjects: { id: string }[] = (await detail.json()).subjects;
  return { contactId, subjectIds: subjects.map((s) => s.id) };
}
