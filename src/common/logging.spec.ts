import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PinoLogger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { loggerParams, redactForLog, requestLogging } from './logging';

describe('log redaction by an allow-list of fields (SPEC SEC-3)', () => {
  it('keeps ids, counts, codes and statuses; redacts every other field at any depth', () => {
    const out = redactForLog({
      contactId: '2c0f3e0e-4f7c-4a57-9a43-5e8f1b4b6c11', count: 3, queue: 'triage',
      harm: 'Amy has bruises', rationale: 'Because of X', note: 'n', reason: 'r', summary: 's', aliases: ['Zed'],
      nested: { deeper: { firstName: 'Amy', subjectIds: ['a1', 'b2'], dateOfBirth: '2019-05-04' } },
      items: [{ name: 'Ed Smith', statusCode: 201 }],
    });
    expect(out).toEqual({
      contactId: '2c0f3e0e-4f7c-4a57-9a43-5e8f1b4b6c11', count: 3, queue: 'triage',
      harm: '[redacted]', rationale: '[redacted]', note: '[redacted]', reason: '[redacted]', summary: '[redacted]', aliases: '[redacted]',
      nested: '[redacted]', items: '[redacted]',
    });
  });

  it('an id field holding anything but an id is redacted', () => {
    expect(redactForLog({ personId: 'Amy Smith, 4 May 2019', jobId: 'triage.42' })).toEqual({ personId: '[redacted]', jobId: 'triage.42' });
  });

  it('an error keeps its class, message and stack, and nothing else it carries', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED'), { detail: 'Key (email)=(amy@x.test) already exists' });
    const out = redactForLog({ err: error }) as { err: Record<string, unknown> };
    expect(out.err.message).toBe('connect ECONNREFUSED');
    expect(JSON.stringify(out)).not.toContain('amy@x.test');
    expect(redactForLog({ err: { message: 'm', detail: 'amy@x.test' } })).toEqual({ err: { message: 'm', detail: '[redacted]' } });
  });
});

describe('request logging', () => {
  const file = join(tmpdir(), `mash-request-log-${process.pid}-${Date.now()}.log`);
  afterAll(() => rmSync(file, { force: true }));

  it('a line logged while a request is handled carries the request; the request itself is logged once, when answered', async () => {
    const params = loggerParams({ logLevel: 'info', logFile: file } as AppConfig);
    const logging = requestLogging(params.pinoHttp.logger);
    const logger = new PinoLogger(params);
    const server = createServer((req, res) =>
      logging(req, res, () => {
        logger.info({ count: 2 }, 'inside');
        res.statusCode = 404;
        res.end();
      }),
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/things?name=Amy`, { headers: { 'x-request-id': 'request-log-unit-0001' } });
      expect(res.headers.get('x-request-id')).toBe('request-log-unit-0001');
      logger.info({ count: 3 }, 'outside');
    } finally {
      await new Promise((done) => server.close(done));
    }
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const req = { id: 'request-log-unit-0001', method: 'GET', path: '/api/v1/things' };
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, req, count: 2, msg: 'inside' }),
      expect.objectContaining({ level: 40, req, res: { statusCode: 404 }, responseTime: expect.any(Number), msg: 'request completed' }),
      expect.objectContaining({ level: 30, count: 3, msg: 'outside' }),
    ]);
    expect(lines[2]).not.toHaveProperty('req');
  });
});
