import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * Keys whose values are personal data or secrets (SPEC SEC-3). Request bodies are never logged;
 * these paths catch anything passed to a logger by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-tracking-token"]', 'res.headers["set-cookie"]',
  '*.password', '*.passwordHash', '*.accessToken', '*.trackingToken', '*.token', '*.firstName', '*.lastName', '*.name',
  '*.dateOfBirth', '*.address', '*.postcode', '*.description', '*.email', '*.phone', '*.nhsNumber',
];

/** nestjs-pino options: JSON logs with request ids, no bodies, no query strings (they can hold names). */
export function loggerParams(config: AppConfig): Params {
  const destination = config.logFile ? pino.destination({ dest: config.logFile, sync: true, mkdir: true }) : undefined;
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        genReqId: (req: IncomingMessage, res: ServerResponse) => {
          const given = req.headers['x-request-id'];
          const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
          res.setHeader('X-Request-Id', id);
          return id;
        },
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics' },
      },
      destination as pino.DestinationStream,
    ].filter(Boolean) as never,
  };
}
