/**
 * Environment for every test file: its own database (created by global-setup) and its own queue
 * prefix, so tests never touch development data and leftover jobs never leak between runs.
 */
import { randomBytes } from 'node:crypto';
import { testEnvironment } from './test-secrets';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_test';

const smtpUrl = process.env.SMTP_URL;
Object.assign(process.env, testEnvironment(TEST_DATABASE_URL));
process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
process.env.QUEUE_PREFIX = `test-${randomBytes(4).toString('hex')}`;
// Under the main Jest config every file logs everything to the capture folder, searched after the
// run for personal values (SPEC SEC-3, test/utils/log-capture.ts); otherwise warnings to stdout.
if (process.env.LOG_CAPTURE_DIR) {
  process.env.LOG_FILE = `${process.env.LOG_CAPTURE_DIR}/${process.pid}-${randomBytes(4).toString('hex')}.log`;
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'debug';
} else {
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'warn';
}
process.env.PUBLIC_RATE_LIMIT_PER_MINUTE = '100000';
process.env.LOGIN_RATE_LIMIT_PER_MINUTE = '100000';
process.env.PUBLIC_INTAKE_GLOBAL_PER_MINUTE = '100000';
process.env.SMTP_URL = smtpUrl ?? process.env.SMTP_URL;
