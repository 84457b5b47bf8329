import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigError } from '../common/config-error';
import { EnvironmentVariables, DEV_JWT_SECRET, DEV_ADMIN_PASSWORD } from './environment-variables';

/** Typed, validated configuration. Built once at boot from the environment (CONVENTIONS habit 2). */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminEmail: string;
  adminPassword: string;
  smtpUrl: string;
  mailFrom: string;
  queuePrefix: string;
  corsOrigins: string[];
  logLevel: string;
  logFile?: string;
  bodyLimit: string;
  publicRateLimitPerMinute: number;
  /** Folder holding runtime configuration a local authority changes without code. */
  configDir: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

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
  if (raw.NODE_ENV === 'production') {
    if (raw.JWT_SECRET === DEV_JWT_SECRET) problems.push('JWT_SECRET: must be set in production (the development default is refused)');
    if (raw.ADMIN_PASSWORD === DEV_ADMIN_PASSWORD) problems.push('ADMIN_PASSWORD: must be set in production (the development default is refused)');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }

  return {
    nodeEnv: raw.NODE_ENV,
    port: Number(raw.PORT),
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL,
    jwtSecret: raw.JWT_SECRET,
    jwtTtlSeconds: jwtTtlSeconds!,
    adminEmail: raw.ADMIN_EMAIL.toLowerCase(),
    adminPassword: raw.ADMIN_PASSWORD,
    smtpUrl: raw.SMTP_URL,
    mailFrom: raw.MAIL_FROM,
    queuePrefix: raw.QUEUE_PREFIX,
    corsOrigins: raw.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: raw.LOG_LEVEL,
    logFile: raw.LOG_FILE || undefined,
    bodyLimit: raw.BODY_LIMIT,
    publicRateLimitPerMinute: Number(raw.PUBLIC_RATE_LIMIT_PER_MINUTE),
    configDir: raw.CONFIG_DIR ? resolve(raw.CONFIG_DIR) : defaultConfigDir(),
  };
}
