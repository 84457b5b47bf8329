/**
 * Per-account back-off and lock-out after failed logins. From the third failure in a row each failure
 * holds the account for 2, 4, 8... seconds (capped at a minute), slowing a guesser without troubling a
 * user who mistypes; at the threshold the account locks for the lock-out duration, released by time
 * or by an administrator.
 */
export interface BackoffPolicy {
  threshold: number;
  lockoutSeconds: number;
}

export type FailureOutcome = { kind: 'none' } | { kind: 'backoff'; seconds: number } | { kind: 'locked'; seconds: number };

export function afterFailure(failuresInARow: number, policy: BackoffPolicy): FailureOutcome {
  if (failuresInARow >= policy.threshold) return { kind: 'locked', seconds: policy.lockoutSeconds };
  if (failuresInARow >= 3) return { kind: 'backoff', seconds: Math.min(60, 2 ** (failuresInARow - 2)) };
  return { kind: 'none' };
}
