import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { register } from 'prom-client';
import { PublicRoute } from '../auth/access.decorator';

/** Prometheus scrape endpoint: counts and timings only, no personal data. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get()
  @PublicRoute()
  @Header('Content-Type', register.contentType)
  scrape(): Promise<string> {
    return register.metrics();
  }
}
