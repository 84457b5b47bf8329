import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module';
import { AuditController } from './audit/audit.controller';
import { AuthModule } from './auth/auth.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { loggerParams } from './common/logging';
import { SharedThrottlerStorage, throttlerOptions } from './common/throttling';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { FEATURE_MODULES } from './feature-modules';
import { HealthModule } from './health/health.module';
import { QueueModule } from './queue/queue.module';
import { QueueRegistry } from './queue/queue-registry';
import { WebModule } from './web/web.module';

/** The HTTP API process. */
@Module({
  imports: [
    CoreModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerParams(config) }),
    QueueModule.forRoot('api'),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      // Applied only where a route opts in with @RateLimit: public routes and login (SPEC SEC-6).
      useFactory: (config: AppConfig) => throttlerOptions(config, new SharedThrottlerStorage(config.redisUrl)),
    }),
    AuthModule,
    AdminModule,
    HealthModule,
    ...FEATURE_MODULES,
    WebModule,
  ],
  controllers: [AuditController],
  providers: [QueueRegistry, { provide: APP_FILTER, useClass: HttpExceptionFilter }],
})
export class AppModule {}
