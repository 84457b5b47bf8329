'use strict';
/**
 * The Node flags the API runs with in production, read from `npm start` (package.json), so the
 * benches measure the process as it is deployed (the Dockerfile and docker-compose.yml use the same).
 * `root`: the checkout whose package.json to read (api-cpu-ab.js runs each build with its own flags).
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

function apiNodeFlags(root = join(__dirname, '..', '..')) {
  const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

module.exports = { apiNodeFlags };
