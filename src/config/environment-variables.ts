import { IsEmail, IsIn, IsNumberString, IsOptional, IsString, Matches, MinLength } from 'class-validator';

export const DEV_JWT_SECRET = 'development-only-secret-do-not-use-in-production';
export const DEV_ADMIN_PASSWORD = 'admin-development-password';
export const DEV_AUDIT_SEAL_KEY = 'development-only-audit-seal-key-do-not-use';
/** Where `npm run dev` (and the dev compose profile) find Mailpit. */
export const DEV_SMTP_URL = 'smtp://127.0.0.1:1025';

/**
 * Every environment variable the service reads, with its local default. The defaults work on a
 * developer machine with Postgres and Redis on localhost and no .env file. The published
 * development values (secrets, Mailpit) apply only when NODE_ENV=development is set explicitly:
 * an unset NODE_ENV counts as production (see loadConfig). Documented in config/.env.example.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'], { message: 'must be one of development, test, production' })
  NODE_ENV: 'development' | 'test' | 'production' = 'production';

  @IsNumberString({ no_symbols: true }, { message: 'must be a port number' })
  PORT = '3000';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mash';

  /** The schema owner's connection, for migrations only; API and worker use DATABASE_URL (the app role). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  MIGRATION_DATABASE_URL?: string;

  /** Login role the migrations create for API and worker (see migrations/*-AppRole.ts). */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case Postgres role name' })
  APP_DB_USER = 'mash_app';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// connection URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsString()
  JWT_TTL = '15m';

  @IsEmail({}, { message: 'must be an e-mail address' })
  ADMIN_EMAIL = 'admin@mash.localhost';

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** "true": an smtp:// relay must upgrade with STARTTLS or nothing is sent. */
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  SMTP_REQUIRE_STARTTLS = 'false';

  /** HMAC key of the audit seals; never stored in the database. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  AUDIT_SEAL_KEY?: string;

  /** Append-only file where the sealer records the chain's head (outside the database). */
  @IsOptional()
  @IsString()
  AUDIT_CHECKPOINT_PATH?: string;

  @IsString()
  AUDIT_CHECKPOINT_INTERVAL = '1m';

  @IsEmail({}, { message: 'must be an e-mail address' })
  MAIL_FROM = 'mash@mash.localhost';

  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, - or _' })
  QUEUE_PREFIX = 'mash';

  @IsString()
  CORS_ORIGINS = 'http://localhost:3000';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be a pino level (fatal, error, warn, info, debug, trace, silent)' })
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsString()
  LOG_FILE?: string;

  @Matches(/^\d+(kb|mb)$/, { message: 'must look like "1mb" or "512kb"' })
  BODY_LIMIT = '1mb';

  @IsNumberString({ no_symbols: true }, { message: 'must be a whole number' })
  PUBLIC_RATE_LIMIT_PER_MINUTE = '30';

  @IsOptional()
  @IsString()
  CONFIG_DIR?: string;

  /** Who signs access tokens and who they are for; both are checked on every request. */
  @Matches(/^[A-Za-z0-9:/._-]{1,200}$/, { message: 'must be 1-200 letters, digits or :/._-' })
  JWT_ISSUER = 'mash-triage';

  @Matches(/^[A-Za-z0-9:/._-]{1,200}$/, { message: 'must be 1-200 letters, digits or :/._-' })
  JWT_AUDIENCE = 'mash-triage-api';

  /**
   * Which proxies in front of the API are trusted to set X-Forwarded-For: a number of hops ("1"),
   * or a comma-separated list of addresses, CIDR ranges or the names loopback, linklocal, uniquelocal.
   */
  @Matches(/^(\d{1,2}|[A-Za-z0-9.:/]+(\s*,\s*[A-Za-z0-9.:/]+)*)$/, { message: 'must be a hop count or a comma-separated list of addresses, CIDR ranges or loopback/linklocal/uniquelocal' })
  TRUST_PROXY = 'loopback';

  /** Logins per client address per minute, shared by every replica. */
  @IsNumberString({ no_symbols: true }, { message: 'must be a whole number' })
  LOGIN_RATE_LIMIT_PER_MINUTE = '20';

  /** Public contacts per minute from all clients together: a cap that holds off a flood (alert on the metric). */
  @IsNumberString({ no_symbols: true }, { message: 'must be a whole number' })
  PUBLIC_INTAKE_GLOBAL_PER_MINUTE = '600';

  /** Failed logins in a row before an account is locked; from the third, each failure also backs off. */
  @IsNumberString({ no_symbols: true }, { message: 'must be a whole number' })
  LOGIN_LOCKOUT_THRESHOLD = '5';

  @IsString()
  LOGIN_LOCKOUT_DURATION = '15m';

  /** How long an account activation link and a password reset link stay valid. */
  @IsString()
  ACTIVATION_LINK_TTL = '72h';

  @IsString()
  PASSWORD_RESET_LINK_TTL = '1h';

  /** Where the links in account e-mails point (the web front end). */
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'must be an http(s) URL without query or fragment' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Bearer token for GET /metrics. In production /metrics is off unless this is set. */
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'must be at least 24 characters' })
  METRICS_TOKEN?: string;

  /** Serve /docs and /docs-json. Default: on, except in production. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  DOCS_ENABLED?: 'true' | 'false';
}
