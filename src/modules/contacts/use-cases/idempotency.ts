import { InvalidInputException, RuleViolationException } from '../../../common/errors';

/** Idempotency-Key (SPEC INT-8): 1-255 visible ASCII characters, e.g. a UUID the client made. */
export function readIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const key = Array.isArray(header) ? header.join(',') : header;
  if (!/^[\x21-\x7E]{1,255}$/.test(key)) {
    throw new InvalidInputException([{ field: 'Idempotency-Key', rule: 'format', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID' }]);
  }
  return key;
}

export function keyReusedWithDifferentBody(): RuleViolationException {
  return new RuleViolationException('This Idempotency-Key was already used for a different contact', [
    { field: 'Idempotency-Key', rule: 'INT-8.idempotency-key-reuse', message: 'The key was used before with a different body: send a new key for a new contact' },
  ]);
}
