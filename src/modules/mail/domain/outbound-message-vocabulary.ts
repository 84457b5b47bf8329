/**
 * pending: waiting for (another) attempt; sending: an attempt is handing it to the SMTP server (the
 * crash marker); sent: the server accepted it; failed: refused for good, or not confirmed after a
 * crash mid-send (never resent automatically); no_address: nobody to send it to.
 */
export const OUTBOUND_MESSAGE_STATUSES = ['pending', 'sending', 'sent', 'failed', 'no_address'] as const;
export type OutboundMessageStatus = (typeof OUTBOUND_MESSAGE_STATUSES)[number];

/** Stored on a message whose attempt was interrupted after the send began. */
export const UNCONFIRMED_NOTE =
  'Not confirmed: the worker stopped while handing this message to the mail server, so it may or may not have been sent. ' +
  'It is not sent again automatically (never twice). Look for its Message-ID in the mail server log.';
