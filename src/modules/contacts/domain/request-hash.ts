import { hash } from 'node:crypto';
import { canonicalJson } from '../../../audit/domain/canonical-json';

/**
 * The fingerprint of a submission (SPEC INT-8): sha256 of the body as JSON with sorted keys, so key
 * order and whitespace do not matter but any changed value does. `kind` keeps the professional and
 * the public form apart. Hashed in one call (crypto.hash: no Hash object for one string).
 */
export function requestHash(kind: 'professional' | 'public', body: unknown): string {
  return hash('sha256', canonicalJson({ kind, body }), 'hex');
}
