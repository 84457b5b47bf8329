'use strict';
/**
 * The app for the browser tests: its database dropped (so every run starts from the demo data
 * alone), then the built `npm run dev` entry point (migrate, seed, API and worker in one process).
 */
const { Client } = require('pg');

async function main() {
  const url = new URL(process.env.DATABASE_URL);
  const name = url.pathname.slice(1);
  if (!name.endsWith('_browser')) throw new Error(`refusing to drop ${name}: the browser tests' database ends with _browser`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  // The previous run's audit checkpoints describe the database just dropped: a new trail starts without them.
  require('node:fs').rmSync(require('node:path').resolve(process.cwd(), 'var', `audit-checkpoints-${name}.log`), { force: true });
  require('../../dist/src/dev.js');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
