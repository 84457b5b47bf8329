import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigError } from '../common/config-error';
import { EnvironmentVariables, DEV_JWT_SECRET, DEV_ADMIN_PASSWORD, DEV_AUDIT_SEAL_KEY, DEV_SMTP_URL } from './environment-variables';

/** Typed, validated configuration. Built once at boot from the environment (CONVENTIONS habit 2). */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminEmail: string;
  /** Only the migrate job (and the development runner) needs it, to create the bootstrap administrator. */
  adminPassword?: string;
  smtpUrl: string;
  /** An smtp:// relay must upgrade with STARTTLS (nodemailer's requireTLS). */
  smtpRequireStartTls: boolean;
  /** HMAC key of the audit seals: the database never holds it. */
  auditSealKey: string;
  /** Append-only file where the sealer records the chain's head, outside the database. */
  auditCheckpointPath: string;
  auditCheckpointIntervalSeconds: number;
  mailFrom: string;
  queuePrefix: string;
  corsOrigins: string[];
  logLevel: string;
  logFile?: string;
  bodyLimit: string;
  publicRateLimitPerMinute: number;
  /** Folder holding runtime configuration a local authority changes without code. */
  configDir: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** Express `trust proxy` value: a hop count or a list of trusted addresses/ranges. */
  trustProxy: number | string[];
  loginRateLimitPerMinute: number;
  publicIntakeGlobalPerMinute: number;
  loginLockoutThreshold: number;
  loginLockoutSeconds: number;
  activationLinkTtlSeconds: number;
  passwordResetLinkTtlSeconds: number;
  publicBaseUrl: string;
  metricsToken?: string;
  docsEnabled: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** What the migrate job needs: the owner's connection and the bootstrap administrator. */
export interface MigrationConfig {
  nodeEnv: AppConfig['nodeEnv'];
  /** MIGRATION_DATABASE_URL, or DATABASE_URL when the owner and the app share a login (development). */
  ownerDatabaseUrl: string;
  adminEmail: string;
  adminPassword?: string;
  configDir: string;
}

export { ConfigError };

/** Parses "900", "900s", "15m", "1h" into seconds. */
export function parseDurationSeconds(value: string): number | undefined {
  const match = /^(\d+)\s*([smh]?)$/.exec(value.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = match[2] || 's';
  return n * ({ s: 1, m: 60, h: 3600 } as const)[unit as 's' | 'm' | 'h'];
}

function defaultConfigDir(): string {
  // Works from src/config (ts) and dist/src/config (js).
  for (const candidate of [resolve(__dirname, '../../config'), resolve(__dirname, '../../../config')]) {
    if (existsSync(resolve(candidate, 'code-lists'))) return candidate;
  }
  return resolve(process.cwd(), 'config');
}

/**
 * The migrate job's configuration: it runs before secrets it never uses are provisioned, so only
 * the database and the administrator are checked, with the same fail-closed rule for the password.
 */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): MigrationConfig {
  const raw = plainToInstance(EnvironmentVariables, { ...env }, { enableImplicitConversion: false });
  const wanted = new Set(['NODE_ENV', 'DATABASE_URL', 'MIGRATION_DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'APP_DB_USER', 'CONFIG_DIR']);
  const problems = validateSync(raw, { skipMissingProperties: false, whitelist: false })
    .filter((e) => wanted.has(e.property))
    .flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  const development = raw.NODE_ENV === 'development';
  if (!development && raw.ADMIN_PASSWORD === DEV_ADMIN_PASSWORD) {
    problems.push(`ADMIN_PASSWORD: the published development value is refused (NODE_ENV is ${raw.NODE_ENV})`);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    nodeEnv: raw.NODE_ENV,
    ownerDatabaseUrl: raw.MIGRATION_DATABASE_URL ?? raw.DATABASE_URL,
    adminEmail: raw.ADMIN_EMAIL.toLowerCase(),
    adminPassword: raw.ADMIN_PASSWORD ?? (development ? DEV_ADMIN_PASSWORD : undefined),
    configDir: raw.CONFIG_DIR ? resolve(raw.CONFIG_DIR) : defaultConfigDir(),
  };
}

/**
 * Validates the environment and returns the typed configuration, or throws a ConfigError that
 * names every bad variable and the rule it breaks.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = plainToInstance(EnvironmentVariables, { ...env }, { enableImplicitConversion: false });
  const errors = validateSync(raw, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));

  const jwtTtlSeconds = parseDurationSeconds(raw.JWT_TTL);
  if (jwtTtlSeconds === undefined || jwtTtlSeconds < 60 || jwtTtlSeconds > 86400) {
    problems.push('JWT_TTL: must be a duration between 60s and 24h, like "900", "15m" or "1h"');
  }
  const durations: Record<string, number | undefined> = {};
  for (const [name, min, max] of [['LOGIN_LOCKOUT_DURATION', 60, 86400], ['ACTIVATION_LINK_TTL', 300, 7 * 86400], ['PASSWORD_RESET_LINK_TTL', 300, 86400]] as const) {
    durations[name] = parseDurationSeconds(raw[name]);
    if (durations[name] === undefined || durations[name]! < min || durations[name]! > max) {
      problems.push(`${name}: must be a duration between ${min}s and ${max / 3600}h, like "900", "15m" or "1h"`);
    }
  }
  if (Number(raw.LOGIN_LOCKOUT_THRESHOLD) < 3) problems.push('LOGIN_LOCKOUT_THRESHOLD: must be at least 3');
  const checkpointInterval = parseDurationSeconds(raw.AUDIT_CHECKPOINT_INTERVAL);
  if (checkpointInterval === undefined || checkpointInterval < 1 || checkpointInterval > 86400) {
    problems.push('AUDIT_CHECKPOINT_INTERVAL: must be a duration between 1s and 24h, like "60", "1m" or "1h"');
  }

  // Fail closed: the values published in this repository (secrets, Mailpit) are used only when the
  // environment says development explicitly; anywhere else they are refused by name.
  const development = raw.NODE_ENV === 'development';
  const notDev = `NODE_ENV is ${raw.NODE_ENV}${env.NODE_ENV === undefined ? ' (unset counts as production)' : ''}`;
  const secret = (name: string, value: string | undefined, published: string, required: boolean): string | undefined => {
    if (development) return value ?? published;
    if (value === published) problems.push(`${name}: the published development value is refused (${notDev})`);
    else if (value === undefined && required) problems.push(`${name}: must be set (${notDev}; the development default applies only when NODE_ENV=development)`);
    return value;
  };
  const jwtSecret = secret('JWT_SECRET', raw.JWT_SECRET, DEV_JWT_SECRET, true);
  const adminPassword = secret('ADMIN_PASSWORD', raw.ADMIN_PASSWORD, DEV_ADMIN_PASSWORD, false);
  const auditSealKey = secret('AUDIT_SEAL_KEY', raw.AUDIT_SEAL_KEY, DEV_AUDIT_SEAL_KEY, true);
  const smtpUrl = raw.SMTP_URL ?? (development ? DEV_SMTP_URL : undefined);
  const smtpRequireStartTls = raw.SMTP_REQUIRE_STARTTLS === 'true';
  if (smtpUrl === undefined) problems.push(`SMTP_URL: must be set (${notDev}; Mailpit is the default only when NODE_ENV=development)`);
  else if (!development && isMailpit(smtpUrl)) problems.push(`SMTP_URL: Mailpit's address (${redactUrl(smtpUrl)}) is for development only (${notDev})`);
  else if (raw.NODE_ENV === 'production' && !smtpUrl.startsWith('smtps://') && !smtpRequireStartTls) {
    problems.push('SMTP_URL: production needs a relay over TLS: smtps://, or smtp:// with SMTP_REQUIRE_STARTTLS=true');
  }
  const auditCheckpointPath = raw.AUDIT_CHECKPOINT_PATH
    ? resolve(raw.AUDIT_CHECKPOINT_PATH)
    : development ? resolve(process.cwd(), 'var', `audit-checkpoints-${databaseName(raw.DATABASE_URL)}.log`) : undefined;
  if (auditCheckpointPath === undefined) problems.push(`AUDIT_CHECKPOINT_PATH: must be set (${notDev}): a file outside the database, on storage the database's owner cannot rewrite`);

  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }

  return {
    nodeEnv: raw.NODE_ENV,
    port: Number(raw.PORT),
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL,
    jwtSecret: jwtSecret!,
    jwtTtlSeconds: jwtTtlSeconds!,
    adminEmail: raw.ADMIN_EMAIL.toLowerCase(),
    adminPassword,
    smtpUrl: smtpUrl!,
    smtpRequireStartTls,
    auditSealKey: auditSealKey!,
    auditCheckpointPath: auditCheckpointPath!,
    auditCheckpointIntervalSeconds: checkpointInterval!,
    mailFrom: raw.MAIL_FROM,
    queuePrefix: raw.QUEUE_PREFIX,
    corsOrigins: raw.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: raw.LOG_LEVEL,
    logFile: raw.LOG_FILE || undefined,
    bodyLimit: raw.BODY_LIMIT,
    publicRateLimitPerMinute: Number(raw.PUBLIC_RATE_LIMIT_PER_MINUTE),
    configDir: raw.CONFIG_DIR ? resolve(raw.CONFIG_DIR) : defaultConfigDir(),
    jwtIssuer: raw.JWT_ISSUER,
    jwtAudience: raw.JWT_AUDIENCE,
    trustProxy: /^\d+$/.test(raw.TRUST_PROXY) ? Number(raw.TRUST_PROXY) : raw.TRUST_PROXY.split(',').map((s) => s.trim()).filter(Boolean),
    loginRateLimitPerMinute: Number(raw.LOGIN_RATE_LIMIT_PER_MINUTE),
    publicIntakeGlobalPerMinute: Number(raw.PUBLIC_INTAKE_GLOBAL_PER_MINUTE),
    loginLockoutThreshold: Number(raw.LOGIN_LOCKOUT_THRESHOLD),
    loginLockoutSeconds: durations.LOGIN_LOCKOUT_DURATION!,
    activationLinkTtlSeconds: durations.ACTIVATION_LINK_TTL!,
    passwordResetLinkTtlSeconds: durations.PASSWORD_RESET_LINK_TTL!,
    publicBaseUrl: raw.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    metricsToken: raw.METRICS_TOKEN || undefined,
    docsEnabled: raw.DOCS_ENABLED ? raw.DOCS_ENABLED === 'true' : raw.NODE_ENV !== 'production',
  };
}

/** Mailpit: the compose service's host name, or its SMTP port. */
function isMailpit(url: string): boolean {
  try {
    const u = new URL(url);
    return u.hostname === 'mailpit' || u.port === '1025';
  } catch {
    return false;
  }
}

/** A URL fit for an error message: no user name or password. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable URL)';
  }
}

function databaseName(url: string): string {
  try {
    return new URL(url).pathname.slice(1).replace(/[^A-Za-z0-9_-]/g, '_') || 'mash';
  } catch {
    return 'mash';
  }
}
