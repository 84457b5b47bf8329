/** One Jest run for unit, integration and e2e tests, against real Postgres and Redis (CONVENTIONS habit 10). */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/{unit,integration,e2e}/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  setupFiles: ['<rootDir>/test/utils/test-env.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
  // Tests that start the app against an unreachable Redis (readiness, outbox) leave ioredis reconnect
  // timers behind after BullMQ closes a queue that never connected; they would keep Jest alive.
  forceExit: true,
};
