import { DEMO_USERS } from '../../../src/seed/demo-data';
import type { Role } from '../../../src/auth/roles';
import { TEST_ADMIN } from '../../utils/test-secrets';

export interface Reply {
  status: number;
  body: unknown;
}

/** One request to a child-process service on loopback; the body is sent as given when a string. */
export async function call(port: number, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

/** A bearer token for a seeded demo user (by role or e-mail), or the bootstrap admin (env defaults). */
export async function login(port: number, who: Role | string): Promise<string> {
  let email: string;
  let password: string;
  if (who === 'admin') {
    ({ email, password } = TEST_ADMIN);
  } else {
    const user = DEMO_USERS.find((u) => u.email === who || u.role === who);
    if (!user) throw new Error(`no demo user ${who}`);
    ({ email, password } = user);
  }
  const res = await call(port, 'POST', '/api/v1/auth/token', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login ${who}: ${res.status}`);
  return (res.body as { accessToken: string }).accessToken;
}
