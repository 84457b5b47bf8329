/** One Jest run for unit, integration and e2e tests, against real Postgres and Redis (CONVENTIONS habit 10). */
const { tmpdir } = require('node:os');
const { join } = require('node:path');

// SPEC SEC-3 over the whole run: each test file logs (debug level) to a file here, each request a
// test sends records its personal values, and the global teardown searches every log for them.
// Same folder as test/utils/log-capture.ts captureDir(); one per test database.
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_test';
process.env.LOG_CAPTURE_DIR ??= join(tmpdir(), 'mash-test-logs', new URL(databaseUrl).pathname.slice(1) || 'mash_test');

module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/{unit,integration,e2e}/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
  setupFiles: ['<rootDir>/test/utils/test-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/utils/log-capture-setup.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
  // Tests that start the app against an unreachable Redis (readiness, outbox) leave ioredis reconnect
  // timers behind after BullMQ closes a queue that never connected; they would keep Jest alive.
  forceExit: true,
};
