import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Secrets the tests run with. NODE_ENV=test refuses the published development values like any
 * environment other than development, so the tests carry their own.
 */
export const TEST_ADMIN = { email: 'admin@mash.localhost', password: 'test-only-admin-password' };

/** The audit checkpoint file of one test database (removed when global setup drops the database). */
export function testCheckpointPath(databaseUrl: string): string {
  return join(tmpdir(), `mash-audit-checkpoints-${new URL(databaseUrl).pathname.slice(1)}.log`);
}

/** Everything loadConfig needs beyond its defaults when NODE_ENV=test. */
export function testEnvironment(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'test-only-jwt-secret-of-at-least-32-chars',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    AUDIT_SEAL_KEY: 'test-only-audit-seal-key-of-32-characters',
    AUDIT_CHECKPOINT_PATH: testCheckpointPath(databaseUrl),
    SMTP_URL: 'smtp://127.0.0.1:2525',
  };
}
