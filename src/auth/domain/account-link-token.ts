import { createHmac, randomBytes } from 'node:crypto';
import { sha256Hex } from '../../common/sha256';

/**
 * The secret in an account link. It is derived, not stored: HMAC-SHA256 of the link's id and nonce
 * under a key derived from the signing secret. The API stores only its SHA-256 to find the link; the
 * worker derives the same token when it writes the e-mail, so a retried send carries the same link
 * and a database dump alone never yields a working one.
 */
export function accountLinkToken(secret: string, linkId: string, nonce: string): string {
  const key = createHmac('sha256', secret).update('mash-triage account links').digest();
  return createHmac('sha256', key).update(`${linkId}.${nonce}`).digest('base64url');
}

export function accountLinkTokenHash(token: string): string {
  return sha256Hex(token);
}

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** The page of the web front end where the user chooses a password. */
export function accountLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/account/password?token=${encodeURIComponent(token)}`;
}
