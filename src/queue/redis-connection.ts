import IORedis, { RedisOptions } from 'ioredis';

/**
 * Connection options for BullMQ. Workers need maxRetriesPerRequest: null (blocking commands);
 * producers fail fast when Redis is down, so the outbox relay can back off instead of hanging.
 */
export function redisOptions(redisUrl: string, role: 'worker' | 'producer' | 'probe'): RedisOptions {
  const url = new URL(redisUrl);
  const base: RedisOptions = {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    lazyConnect: false,
  };
  if (role === 'worker') return { ...base, maxRetriesPerRequest: null };
  if (role === 'producer') return { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 };
  return { ...base, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000, retryStrategy: (n) => Math.min(n * 200, 2000) };
}

export function createRedis(redisUrl: string, role: 'worker' | 'producer' | 'probe'): IORedis {
  const client = new IORedis(redisOptions(redisUrl, role));
  client.on('error', () => undefined); // surfaced by health checks and callers; avoid unhandled 'error' events
  return client;
}
