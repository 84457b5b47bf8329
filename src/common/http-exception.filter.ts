import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/**
 * Every error leaves as `{statusCode, error, message, details}` (API.md). Body-parser errors keep
 * their 4xx (400 malformed JSON, 413 too large); anything unexpected is a 500 with no stack trace
 * in the response, logged with the request id only.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request & { id?: string }>();
    const { statusCode, message, details } = this.describe(exception);
    if (statusCode >= 500) {
      this.logger.error({ err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : String(exception), requestId: request.id }, 'unhandled error');
    }
    if (response.headersSent) return;
    // Web pages answer errors with a page in the service's design (set by the web layer's middleware).
    const renderWebError: unknown = response.locals?.renderWebError;
    if (typeof renderWebError === 'function') return renderWebError(statusCode);
    response.status(statusCode).json({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, details });
  }

  private describe(exception: unknown): { statusCode: number; message: string; details: unknown[] } {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'string') return { statusCode, message: body, details: [] };
      const b = body as { message?: string | string[]; details?: unknown[] };
      const message = Array.isArray(b.message) ? b.message.join('; ') : (b.message ?? exception.message);
      return { statusCode, message, details: b.details ?? [] };
    }
    const e = exception as BodyParserError;
    if (e?.type === 'entity.too.large') return { statusCode: HttpStatus.PAYLOAD_TOO_LARGE, message: 'The request body is too large', details: [] };
    if (e?.type === 'entity.parse.failed') return { statusCode: HttpStatus.BAD_REQUEST, message: 'The request body is not valid JSON', details: [] };
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, message: 'The request could not be read', details: [] };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Something went wrong on our side; the request id identifies it', details: [] };
  }
}
