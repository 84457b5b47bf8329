/**
 * The fault suite (SPEC REL-1..6, SEC-3): the API and worker run as child processes from the built
 * code, against their own database (FAULTS_DATABASE_URL, default: the test database's name + "_faults"),
 * so the main suite's database is never touched. `npm run test:faults`.
 */
const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_test';
const faultsUrl = process.env.FAULTS_DATABASE_URL ?? base.replace(/\/([^/?]+)(\?.*)?$/, '/$1_faults$2');
// Read by the global setup (drop, migrate, seed) and by test-env.ts in the test files.
process.env.TEST_DATABASE_URL = faultsUrl;
process.env.FAULTS_DATABASE_URL = faultsUrl;

module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/faults/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/faults/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/utils/test-env.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
  forceExit: true,
};
