import { canonicalJson } from '../../../audit/domain/canonical-json';
import { sha256Hex } from '../../../common/sha256';

/**
 * The fingerprint of a submission (SPEC INT-8): sha256 of the body as JSON with sorted keys, so key
 * order and whitespace do not matter but any changed value does. `kind` keeps the professional and
 * the public form apart.
 */
export function requestHash(kind: 'professional' | 'public', body: unknown): string {
  return sha256Hex(canonicalJson({ kind, body }));
}
