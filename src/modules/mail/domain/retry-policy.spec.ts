import { afterFailure, DeliveryPolicy } from './retry-policy';

describe('afterFailure (SPEC FB-4, REL-3 retry with backoff, then failed)', () => {
  const policy: DeliveryPolicy = { maxAttempts: 4, backoffSeconds: [60, 300] };

  it.each([
    [1, 'transient', { action: 'retry', delayMs: 60_000 }],
    [2, 'transient', { action: 'retry', delayMs: 300_000 }],
    [3, 'transient', { action: 'retry', delayMs: 300_000 }], // last step repeats
    [4, 'transient', { action: 'fail' }], // the last attempt of the round
    [5, 'transient', { action: 'fail' }],
    [1, 'permanent', { action: 'fail' }], // a 5xx is not retried
  ] as const)('after attempt %i (%s) -> %j', (attempts, kind, expected) => {
    expect(afterFailure(policy, attempts, kind)).toEqual(expected);
  });

  it('accepts fractions of a second (test configuration)', () => {
    expect(afterFailure({ maxAttempts: 3, backoffSeconds: [0.2] }, 1, 'transient')).toEqual({ action: 'retry', delayMs: 200 });
  });
});
