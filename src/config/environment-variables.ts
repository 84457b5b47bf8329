import { IsEmail, IsIn, IsNumberString, IsOptional, IsString, Matches, MinLength } from 'class-validator';

export const DEV_JWT_SECRET = 'development-only-secret-do-not-use-in-production';
export const DEV_ADMIN_PASSWORD = 'admin-development-password';

/**
 * Every environment variable the service reads, with its local default. The defaults work on a
 * developer machine with Postgres and Redis on localhost and no .env file; production refuses the
 * development secrets (see loadConfig). Documented in config/.env.example.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'], { message: 'must be one of development, test, production' })
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsNumberString({ no_symbols: true }, { message: 'must be a port number' })
  PORT = '3000';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mash';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// connection URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET = DEV_JWT_SECRET;

  @IsString()
  JWT_TTL = '15m';

  @IsEmail({}, { message: 'must be an e-mail address' })
  ADMIN_EMAIL = 'admin@mash.localhost';

  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD = DEV_ADMIN_PASSWORD;

  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

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
}
