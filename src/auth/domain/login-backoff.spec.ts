import { afterFailure } from './login-backoff';

describe('login back-off and lock-out', () => {
  const policy = { threshold: 5, lockoutSeconds: 900 };
  it.each([
    [1, { kind: 'none' }],
    [2, { kind: 'none' }],
    [3, { kind: 'backoff', seconds: 2 }],
    [4, { kind: 'backoff', seconds: 4 }],
    [5, { kind: 'locked', seconds: 900 }],
    [9, { kind: 'locked', seconds: 900 }],
  ])('after %i failures in a row: %j', (failures, expected) => {
    expect(afterFailure(failures, policy)).toEqual(expected);
  });

  it('the back-off never exceeds a minute below a high threshold', () => {
    expect(afterFailure(12, { threshold: 20, lockoutSeconds: 900 })).toEqual({ kind: 'backoff', seconds: 60 });
  });
});
