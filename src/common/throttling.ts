import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { applyDecorators, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerException, ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { ThrottlerRequest } from '@nestjs/throttler/dist/throttler.guard.interface';
import { sha256Hex } from './sha256';
import type { AppConfig } from '../config/app-config';
import { metrics } from '../health/metrics';
import { createRedis } from '../queue/redis-connection';

/** The limits: each route opts in to the ones that apply to it with @RateLimit. */
export const LIMITS = {
  /** Public routes (intake, status, information), per client. */
  public: 'public',
  /** Logins and password links, per client. */
  login: 'login',
  /** Public intake from every client together: holds off a flood that comes from many addresses. */
  publicIntakeGlobal: 'public-intake-global',
} as const;
type LimitName = (typeof LIMITS)[keyof typeof LIMITS];
const ALL_LIMITS = Object.values(LIMITS);

/** A Redis answer slower than this counts this request on the replica's own memory instead. */
const REDIS_TIMEOUT_MS = 250;

/**
 * Counts in Redis so that every replica shares one count per client, and falls back to counting in
 * the process's memory while Redis is unreachable or slow: limits then hold per replica, and public
 * intake keeps answering (SPEC REL-2) instead of failing with Redis.
 */
@Injectable()
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Throttling');
  private readonly local = new ThrottlerStorageService();
  private readonly redis: ThrottlerStorageRedisService;
  private lastWarning = 0;

  constructor(redisUrl: string) {
    this.redis = new ThrottlerStorageRedisService(createRedis(redisUrl, 'producer'));
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.redis.increment(key, ttl, limit, blockDuration, throttlerName),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('Redis did not answer in time')), REDIS_TIMEOUT_MS))),
      ]);
    } catch (error) {
      metrics.throttleFallbacks.inc();
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.logger.warn({ err: (error as Error).message }, 'rate limits counted per replica: Redis unavailable');
      }
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits (briefly) for the first connection, so the first requests after a start are counted in Redis too. */
  async onApplicationBootstrap(): Promise<void> {
    const client = this.redis.redis;
    if (client.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, 2000);
      client.once('ready', done);
    });
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
    this.redis.redis.disconnect();
  }
}

/** Counts every refusal by limit, so an operator can alert on a flood (mash_throttled_total). */
@Injectable()
export class CountingThrottlerGuard extends ThrottlerGuard {
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof ThrottlerException) metrics.throttled.inc({ limit: request.throttler.name ?? 'default' });
      throw error;
    }
  }
}

/** Applies the named limits to a route or controller (and no others). */
export function RateLimit(...names: LimitName[]) {
  const skip = Object.fromEntries(ALL_LIMITS.filter((n) => !names.includes(n)).map((n) => [n, true]));
  return applyDecorators(SkipThrottle(skip), UseGuards(CountingThrottlerGuard));
}

/**
 * Limits keyed by client address: req.ip, which Express derives from X-Forwarded-For only through
 * the proxies TRUST_PROXY names; IPv6 clients by their /64, as one household or host holds a whole
 * /64. Keys carry the queue prefix so several deployments can share one Redis.
 */
export function throttlerOptions(config: AppConfig, storage: ThrottlerStorage): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: LIMITS.public, ttl: 60_000, limit: config.publicRateLimitPerMinute },
      { name: LIMITS.login, ttl: 60_000, limit: config.loginRateLimitPerMinute },
      { name: LIMITS.publicIntakeGlobal, ttl: 60_000, limit: config.publicIntakeGlobalPerMinute, getTracker: () => 'all-clients' },
    ],
    ipv6SubnetPrefix: 64,
    storage,
    generateKey: (context, tracker, name) => {
      const route = sha256Hex(`${context.getClass().name}.${context.getHandler().name}`).slice(0, 16);
      // The login limit is one count per client across every login-like route.
      const scope = name === LIMITS.login ? 'login' : route;
      return `${config.queuePrefix}:throttle:${name}:${scope}:${tracker}`;
    },
  };
}
