import { defineConfig } from '@playwright/test';

/**
 * Browser tests (SPEC WEB-2, WEB-5): Debian's Chromium (browser downloads do not work here) against
 * the built app with its worker, on a database of its own that test/browser/serve.js drops first.
 */
const port = Number(process.env.WEB_TEST_PORT ?? 3491);
const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_test');
base.pathname = `${base.pathname}_browser`;

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: 'test-results/browser.json' }]],
  use: {
    testIdAttribute: 'data-qa',
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node test/browser/serve.js',
    url: `http://localhost:${port}/health/live`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: base.toString(),
      QUEUE_PREFIX: `browser-${process.pid}`,
      LOG_LEVEL: 'warn',
      SMTP_URL: 'smtp://127.0.0.1:2599',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
      // Every test signs in (pages and API helpers alike) from one address: at full speed that is more
      // than the production 20 a minute. The login limit has its own tests (throttling-proxy.spec).
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    },
  },
});
