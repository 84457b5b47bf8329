/**
 * Runs in every test file (setupFilesAfterEnv): each request sent through supertest records the
 * personal values in its body, the tokens in its headers and the tokens its answer gave out, for
 * the suite-wide log search (log-capture.ts).
 */
import { randomBytes } from 'node:crypto';
import { Test } from 'supertest';
import { personalValues, recordSeeded } from './log-capture';

const dir = process.env.LOG_CAPTURE_DIR;
const file = `${process.pid}-${randomBytes(4).toString('hex')}.seeded`;
type Internals = { _data?: unknown; header?: Record<string, string> };

if (dir) {
  const end = Test.prototype.end;
  Test.prototype.end = function (this: Test & Internals, callback?: (err: unknown, res: { body?: Record<string, unknown> }) => void) {
    const values = personalValues(this._data);
    for (const [name, value] of Object.entries(this.header ?? {})) {
      if (/^(authorization|x-tracking-token)$/i.test(name) && typeof value === 'string' && value.length >= 16) {
        const token = value.replace(/^Bearer /, '');
        values.add(token);
        const signature = token.split('.')[2];
        if (signature && signature.length >= 16) values.add(signature);
      }
    }
    recordSeeded(dir, file, values);
    const recordAnswer = (err: unknown, res: { body?: Record<string, unknown>; headers?: Record<string, unknown> }) => {
      const given = new Set<string>();
      for (const key of ['accessToken', 'trackingToken']) {
        const v = res?.body?.[key];
        if (typeof v === 'string' && v.length >= 16) given.add(v);
      }
      // A web page's session cookie is a credential like a token: its value must not reach a log either.
      for (const cookie of ([] as unknown[]).concat(res?.headers?.['set-cookie'] ?? [])) {
        const value = typeof cookie === 'string' ? /^(?:__Host-)?mash-session=([^;]+)/.exec(cookie)?.[1] : undefined;
        if (value && value.length >= 16) given.add(decodeURIComponent(value));
      }
      recordSeeded(dir, file, given);
      callback?.(err, res);
    };
    return end.call(this, recordAnswer as never);
  } as typeof end;
}
