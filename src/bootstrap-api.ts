import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loggerParams, requestLogging } from './common/logging';
import { createValidationPipe } from './common/validation';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { startDefaultMetrics } from './health/metrics';
import { mountBullBoard } from './queue/bull-board';
import { configureWeb } from './web/web-setup';
import { isWebPath } from './web/web-paths';

/** Builds the HTTP API with every cross-cutting concern; used by main.ts, dev.ts and the e2e tests. */
export async function createApi(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  configureApi(app);
  await app.init();
  return app;
}

export function configureApi(app: NestExpressApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Which proxies may say who the client is (X-Forwarded-For): rate limits and the audit trail use req.ip.
  app.set('trust proxy', config.trustProxy);
  // Swagger UI needs inline styles/scripts; everything else gets helmet's strict defaults.
  const docsHelmet = helmet({ contentSecurityPolicy: false });
  const apiHelmet = helmet();
  configureWeb(app, config);
  // Web pages have their own headers (a CSP with a nonce), set by configureWeb.
  app.use((req: { path: string }, res: unknown, next: () => void) =>
    isWebPath(req.path) ? next() : (req.path.startsWith('/docs') ? docsHelmet : apiHelmet)(req as never, res as never, next),
  );
  app.enableCors({ origin: config.corsOrigins, credentials: false, exposedHeaders: ['X-Request-Id'] });
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  startDefaultMetrics();
  if (config.docsEnabled) setupOpenApi(app);
  mountBullBoard(app);
  // Last, where nestjs-pino mounted pino-http (at init, after all of the above): the same requests are logged.
  app.use(requestLogging(app.get<ReturnType<typeof loggerParams>>(PARAMS_PROVIDER_TOKEN).pinoHttp.logger));
}

function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('mash-triage')
      .setDescription(
        "Multi-agency referral triage for a children's MASH: contacts, RAG grading, threshold decisions, strategy discussions, " +
          'step-up/step-down, feedback to referrers and manager oversight. Errors: `{statusCode, error, message, details[]}`; ' +
          'details name the field and the rule.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
