import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../../common/sha256';

/**
 * Public tracking tokens (SPEC INT-7, SEC-2, SEC-5): 256 random bits, URL-safe, shown once; only
 * their sha256 is stored, so a database dump alone does not reveal them.
 */
export function newTrackingToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashTrackingToken(token: string): string {
  return sha256Hex(token);
}

/** Constant-time comparison; with no stored hash (unknown reference) it still hashes and compares, then fails. */
export function trackingTokenMatches(token: string, storedHash: string | null): boolean {
  const given = Buffer.from(hashTrackingToken(token), 'hex');
  const stored = Buffer.from(storedHash && /^[0-9a-f]{64}$/.test(storedHash) ? storedHash : '0'.repeat(64), 'hex');
  return timingSafeEqual(given, stored) && storedHash !== null;
}
