import { Controller, Get, Headers, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { register } from 'prom-client';
import { PublicRoute } from '../auth/access.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Prometheus scrape endpoint: counts and timings only, no personal data. With METRICS_TOKEN set it
 * answers only a scraper that presents it; in production without a token it is off (404), so queue
 * depths and traffic are never public.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @PublicRoute()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response): Promise<string> {
    const expected = this.config.metricsToken;
    if (!expected && this.config.nodeEnv === 'production') throw new NotFoundException();
    if (expected && !sameSecret(authorization ?? '', `Bearer ${expected}`)) throw new UnauthorizedException('A metrics token is required');
    res.setHeader('Content-Type', register.contentType);
    return register.metrics();
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
