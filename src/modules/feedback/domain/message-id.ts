/**
 * The Message-ID of a feedback message: derived from the feedback id, so every attempt and resend of
 * the same message carries the same identity, which the SMTP server logs and mail clients use to
 * collapse duplicates. Pure.
 */
export function feedbackMessageId(feedbackId: string, mailFrom: string): string {
  const domain = mailFrom.split('@')[1]?.trim() || 'localhost';
  return `<feedback.${feedbackId}@${domain}>`;
}
