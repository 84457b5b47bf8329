import { ConfigError, loadConfig, parseDurationSeconds } from '../../src/config/app-config';
import { DEV_JWT_SECRET } from '../../src/config/environment-variables';

describe('configuration is validated at boot (CONVENTIONS habit 2)', () => {
  it('local defaults work with no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, nodeEnv: 'development', jwtTtlSeconds: 900, queuePrefix: 'mash' });
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

  it('production refuses the development JWT secret and admin password', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set in production[\s\S]*ADMIN_PASSWORD/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'a-real-password-here' })).not.toThrow();
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET, ADMIN_PASSWORD: 'a-real-password-here' })).toThrow(ConfigError);
  });

  it.each([
    ['900', 900], ['15m', 900], ['1h', 3600], ['30s', 30], ['1 day', undefined], ['', undefined],
  ])('duration %p is %p seconds', (input, expected) => {
    expect(parseDurationSeconds(input)).toBe(expected);
  });
});
