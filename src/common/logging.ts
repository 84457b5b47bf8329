import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * The fields a log line may carry (SPEC SEC-3), at any depth: ids, counts, codes, statuses, queue
 * and job names, timings. Every other key's value is replaced by "[redacted]", so a name, date of
 * birth, address, narrative (harm, rationale, note, reason, summary, aliases...), e-mail or token
 * passed to a logger by mistake never reaches the log, however deeply it is nested. Keys ending in
 * "Id"/"Ids" are kept only when their values look like ids.
 */
export const LOGGABLE_FIELDS = new Set([
  'level', 'time', 'pid', 'hostname', 'msg', 'context', 'req', 'res', 'id', 'method', 'path', 'statusCode', 'responseTime',
  'err', 'code', 'kind', 'responseCode', 'next', 'queue', 'jobName', 'attempts', 'attempt', 'attemptsMade', 'count', 'total',
  'escalated', 'breached', 'sweep', 'statement', 'ms', 'failures', 'export', 'audience', 'action', 'limit',
]);
/** Inside an error: its class, message and stack (messages are written by code, not by users). */
const ERROR_FIELDS = new Set(['type', 'name', 'message', 'stack', 'code']);
const ID_KEY = /(Id|Ids|_id)$/;
const ID_VALUE = /^[A-Za-z0-9._:-]{1,100}$/;
const REDACTED = '[redacted]';

function keepId(value: unknown): unknown {
  if (typeof value === 'number' || value === null || value === undefined) return value;
  if (typeof value === 'string') return ID_VALUE.test(value) ? value : REDACTED;
  if (Array.isArray(value)) return value.map(keepId);
  return REDACTED;
}

function redactError(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = ERROR_FIELDS.has(k) && (typeof v === 'string' || typeof v === 'number') ? v : REDACTED;
  return out;
}

/** A copy of a log object that keeps only loggable fields (see LOGGABLE_FIELDS), at any depth. */
export function redactForLog(value: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactForLog(v, depth + 1));
  if (!value || typeof value !== 'object') return value;
  if (value instanceof Error) return redactError({ type: value.constructor.name, message: value.message, stack: value.stack });
  const out: Record<string, unknown> = {};
  if (value instanceof Date) return value;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    // pino-http's request and response: their serializers (below) keep only id, method, path and status.
    if (depth === 0 && (key === 'req' || key === 'res') && v && typeof v === 'object' && Object.getPrototypeOf(v) !== Object.prototype) out[key] = v;
    else if (key === 'err' || key === 'error') out[key] = redactError(v instanceof Error ? { type: v.constructor.name, message: v.message, stack: v.stack } : v);
    else if (ID_KEY.test(key)) out[key] = keepId(v);
    else if (!LOGGABLE_FIELDS.has(key)) out[key] = REDACTED;
    else out[key] = v && typeof v === 'object' ? redactForLog(v, depth + 1) : v;
  }
  return out;
}

/**
 * The request's id: the client's X-Request-Id when it is in a safe format (letters, digits, . _ -,
 * 8-100 long), else a new UUID; echoed in the answer. Kept on the request, so routes mounted outside
 * Nest (Bull Board) and the logger agree on it.
 */
export function requestId(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  req.id = id;
  return id;
}

type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string };
type Level = 'info' | 'warn' | 'error';

const levelOf = (res: ServerResponse, err?: Error): Level => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info');
const unlogged = (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics';

/**
 * The request's logger for code running on its behalf (nestjs-pino's PinoLogger reads it from the
 * async context): the root logger with the request bound to every line as `req`. Made when first
 * asked for: most requests log nothing but their one line at the end, and a pino child made for each
 * (as pino-http makes it) cost a tenth of an intake request's allocation, most of it kept long enough
 * to be promoted out of the young generation.
 */
class RequestLoggerStore implements Store {
  private own?: pino.Logger;
  responseLogger = undefined;
  constructor(
    private readonly root: pino.Logger,
    private readonly req: LoggedRequest,
  ) {}

  get logger(): pino.Logger {
    return (this.own ??= this.root.child({ req: this.req }));
  }

  set logger(logger: pino.Logger) {
    this.own = logger;
  }
}

/**
 * The API's request logging, as pino-http wrote it: each request gets its id (requestId), and one
 * line when it is answered ("request completed", "request aborted" or, with an error or a 5xx,
 * "request errored") with the request (serializers.req), the response (serializers.res) and the
 * milliseconds taken, at a level by status; liveness probes and metrics scrapes are not logged. The
 * request line is written by the root logger with the request among its fields: the same text as a
 * per-request child logger gives, without making one.
 */
export function requestLogging(logger: pino.Logger): (req: LoggedRequest, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    requestId(req, res);
    const start = Date.now();
    const done = (err?: Error) => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      res.removeListener('error', done);
      const responseTime = Date.now() - start;
      const level = levelOf(res, err);
      const failure = err ?? (res as { err?: Error }).err;
      if (failure || res.statusCode >= 500) {
        logger[level]({ req, res, err: failure ?? new Error(`failed with status code ${res.statusCode}`), responseTime }, 'request errored');
      } else {
        logger[level]({ req, res, responseTime }, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
      }
    };
    if (!unlogged(req)) {
      res.on('close', done);
      res.on('finish', done);
    }
    res.on('error', done);
    storage.run(new RequestLoggerStore(logger, req), next);
  };
}

/** The root logger: JSON lines, every field passed through redactForLog, requests and responses by the serializers below. */
function rootLogger(config: AppConfig): pino.Logger {
  // Standard output stays synchronous: written asynchronously, each line cost a hand-over to libuv's
  // thread pool that was dearer than the write itself (bench:intake profile: 5% of the API's CPU
  // against 1%), since lines rarely wait long enough to go out together.
  const destination = config.logFile ? pino.destination({ dest: config.logFile, sync: true, mkdir: true }) : undefined;
  return pino(
    {
      level: config.logLevel,
      formatters: { log: (object: Record<string, unknown>) => redactForLog(object) as Record<string, unknown> },
      // The serializers get the request and response themselves, not pino's standard copies of them
      // (headers, addresses, query...), which would be made for every request only to be dropped here.
      serializers: {
        // originalUrl: Express shortens req.url inside a router mounted at a path.
        req: (req: { id: string; method: string; url: string; originalUrl?: string }) => ({ id: req.id, method: req.method, path: String(req.originalUrl ?? req.url).split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination as pino.DestinationStream,
  );
}

/**
 * nestjs-pino options: JSON logs with request ids, no bodies, no query strings (they can hold names).
 * Its own request middleware (pino-http) is not mounted: the API mounts requestLogging (bootstrap-api.ts).
 */
export function loggerParams(config: AppConfig): Params & { pinoHttp: { logger: pino.Logger } } {
  return { pinoHttp: { logger: rootLogger(config) }, useExisting: true, forRoutes: [] };
}
