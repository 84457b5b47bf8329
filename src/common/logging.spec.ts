import { redactForLog } from './logging';

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
