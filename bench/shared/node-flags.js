'use strict';
/**
 * The Node flags the API and the worker run with in production, read from `npm start` and
 * `npm run start:worker` (package.json), so the benches measure the processes as they are deployed
 * (the Dockerfile and docker-compose.yml use the same).
 */
const { join } = require('node:path');

function nodeFlagsOf(script) {
  const command = require(join(__dirname, '..', '..', 'package.json')).scripts[script];
  return command.split(/\s+/).filter((word) => word.startsWith('--'));
}

function apiNodeFlags() {
  return nodeFlagsOf('start');
}

/** The worker's, from `npm run start:worker`. */
function workerNodeFlags() {
  return nodeFlagsOf('start:worker');
}

module.exports = { apiNodeFlags, workerNodeFlags };
