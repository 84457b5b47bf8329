import { ConfigError, loadConfig, parseDurationSeconds } from '../../src/config/app-config';
import { DEV_ADMIN_PASSWORD, DEV_AUDIT_SEAL_KEY, DEV_JWT_SECRET } from '../../src/config/environment-variables';

describe('configuration is validated at boot (CONVENTIONS habit 2)', () => {
  it('local defaults work when NODE_ENV=development and nothing else is set', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config).toMatchObject({ port: 3000, nodeEnv: 'development', jwtTtlSeconds: 900, queuePrefix: 'mash', smtpUrl: 'smtp://127.0.0.1:1025' });
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
  });

  it('names every bad variable and its rule', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'localhost', LOG_LEVEL: 'loud', JWT_TTL: '3 days', QUEUE_PREFIX: 'has:colon' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'JWT_TTL', 'QUEUE_PREFIX']) expect(message).toContain(`${name}:`);
  });

  const production = {
    NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'a-real-password-here', AUDIT_SEAL_KEY: 'k'.repeat(32),
    AUDIT_CHECKPOINT_PATH: '/var/lib/mash-audit/checkpoints.log', SMTP_URL: 'smtps://relay.example.gov.uk:465',
  };
  const problems = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
      return '';
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  };

  it('production starts with its own secrets and a TLS relay', () => {
    expect(loadConfig(production)).toMatchObject({ nodeEnv: 'production', smtpRequireStartTls: false, auditCheckpointIntervalSeconds: 60 });
    expect(loadConfig({ ...production, SMTP_URL: 'smtp://relay.example.gov.uk:587', SMTP_REQUIRE_STARTTLS: 'true' }).smtpRequireStartTls).toBe(true);
  });

  it('an unset NODE_ENV is production: every secret must be given, and each missing one is named', () => {
    const message = problems({});
    for (const name of ['JWT_SECRET', 'AUDIT_SEAL_KEY', 'SMTP_URL', 'AUDIT_CHECKPOINT_PATH']) expect(message).toContain(`${name}: must be set (NODE_ENV is production (unset counts as production)`);
  });

  it.each(['production', 'test'])('NODE_ENV=%s refuses each published development value by name', (nodeEnv) => {
    const message = problems({ ...production, NODE_ENV: nodeEnv, JWT_SECRET: DEV_JWT_SECRET, ADMIN_PASSWORD: DEV_ADMIN_PASSWORD, AUDIT_SEAL_KEY: DEV_AUDIT_SEAL_KEY, SMTP_URL: 'smtp://mailpit:1025' });
    for (const name of ['JWT_SECRET', 'ADMIN_PASSWORD', 'AUDIT_SEAL_KEY']) expect(message).toContain(`${name}: the published development value is refused (NODE_ENV is ${nodeEnv})`);
    expect(message).toContain("SMTP_URL: Mailpit's address (smtp://mailpit:1025) is for development only");
  });

  it('production refuses a relay without TLS and a short seal key', () => {
    expect(problems({ ...production, SMTP_URL: 'smtp://relay.example.gov.uk:25' })).toContain('SMTP_URL: production needs a relay over TLS: smtps://, or smtp:// with SMTP_REQUIRE_STARTTLS=true');
    expect(problems({ ...production, AUDIT_SEAL_KEY: 'short-key' })).toContain('AUDIT_SEAL_KEY: must be at least 32 characters');
  });

  it.each([
    ['900', 900], ['15m', 900], ['1h', 3600], ['30s', 30], ['1 day', undefined], ['', undefined],
  ])('duration %p is %p seconds', (input, expected) => {
    expect(parseDurationSeconds(input)).toBe(expected);
  });
});
