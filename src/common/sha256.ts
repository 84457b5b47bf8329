import { hash } from 'node:crypto';

/**
 * SHA-256 of a string (UTF-8), as 64 hex digits, in one call: no Hash object for one string. Request
 * fingerprints, audit event hashes, stored token hashes and imported lines all use it.
 */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
