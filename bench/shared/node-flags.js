'use strict';
/**
 * The Node flags the API and the worker run with in production, read from `npm start` and
 * `npm run start:worker` (package.json), so the benches measure the processes as they are deployed
 * (the Dockerfile and docker-compose.yml use the same).
 * `root`: the checkout whose package.json to read (api-cpu-ab.js runs each build with its own flags).
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

function nodeFlagsOf(script, root = join(__dirname, '..', '..')) {
  const command = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts[script];
  return command.split(/\s+/).filter((word) => word.startsWith('--'));
}

function apiNodeFlags(root) {
  return nodeFlagsOf('start', root);
}

/** The worker's, from `npm run start:worker`. */
function workerNodeFlags(root) {
  return nodeFlagsOf('start:worker', root);
}

module.exports = { apiNodeFlags, workerNodeFlags };
