'use strict';
/** The benches' own databases: each run that needs an empty one drops it first. */
const { Client } = require('pg');

/** Drops the database of `url`, refusing any whose name does not start with mash_bench (never a real one). */
async function dropBenchDatabase(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^mash_bench\w*$/.test(name)) throw new Error(`refusing to drop ${name}: a bench database's name must start with mash_bench`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

module.exports = { dropBenchDatabase };
