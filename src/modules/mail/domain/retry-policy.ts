/** What to do after a failed SMTP attempt (SPEC FB-4, REL-3: retried with backoff, then surfaced for a person). Pure. */

export interface DeliveryPolicy {
  /** Attempts in one round, the first included; a resend by staff starts a new round. */
  maxAttempts: number;
  /** Wait before attempt 2, 3, ...; the last value repeats when there are more attempts than values. */
  backoffSeconds: number[];
}

export type FailureKind = 'transient' | 'permanent';

export type AfterFailure = { action: 'retry'; delayMs: number } | { action: 'fail' };

/**
 * @param attemptsMade attempts so far in this round, the failed one included (1 after the first)
 */
export function afterFailure(policy: DeliveryPolicy, attemptsMade: number, kind: FailureKind): AfterFailure {
  if (kind === 'permanent' || attemptsMade >= policy.maxAttempts) return { action: 'fail' };
  const steps = policy.backoffSeconds;
  const seconds = steps[Math.min(attemptsMade - 1, steps.length - 1)] ?? 60;
  return { action: 'retry', delayMs: Math.round(seconds * 1000) };
}
