/**
 * Classifies a failed SMTP send (from nodemailer's error) so callers know whether to try again.
 * Pure. Reply codes per RFC 5321: 4xx is a transient refusal, 5xx a permanent one.
 */

export interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
}

export interface SmtpFailure {
  kind: 'transient' | 'permanent';
  /** The server's reply code, when it answered. */
  responseCode: number | null;
  /** What to store and show to staff: the server's answer, or the connection problem. Never logged. */
  detail: string;
}

export function classifySmtpError(error: SmtpErrorLike): SmtpFailure {
  const responseCode = typeof error.responseCode === 'number' ? error.responseCode : null;
  const detail = (error.response || error.message || error.code || 'unknown SMTP error').slice(0, 1000);
  // Authentication failures are a configuration problem of ours, not of the message: once the
  // credentials are fixed the same message goes through, so keep retrying within the round.
  if (error.code === 'EAUTH') return { kind: 'transient', responseCode, detail };
  if (responseCode !== null && responseCode >= 500 && responseCode < 600) return { kind: 'permanent', responseCode, detail };
  // 4xx, no answer at all (refused connection, timeout, DNS), or an unexpected code: try again.
  return { kind: 'transient', responseCode, detail };
}
