'use strict';
/**
 * The Node flags the API runs with in production, read from `npm start` (package.json), so the
 * benches measure the process as it is deployed (the Dockerfile and docker-compose.yml use the same).
 */
const { join } = require('node:path');

function apiNodeFlags() {
  const start = require(join(__dirname, '..', '..', 'package.json')).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

module.exports = { apiNodeFlags };
