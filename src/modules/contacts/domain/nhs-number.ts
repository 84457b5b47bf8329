/**
 * NHS numbers (SPEC INT-3): 10 digits, the last a modulus-11 check digit. People write them with
 * spaces ("943 476 5919"); they are stored without.
 */

/** The 10 digits, or null when the input is not 10 digits once spaces are removed. */
export function normaliseNhsNumber(input: string): string | null {
  const digits = input.replace(/ /g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** Modulus 11: weights 10..2 on the first nine digits; check = 11 - (sum mod 11), 11 -> 0, 10 is never valid. */
export function hasValidNhsCheckDigit(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** The stored form of a valid NHS number, or null when it is not one. */
export function parseNhsNumber(input: string): string | null {
  const digits = normaliseNhsNumber(input);
  return digits && hasValidNhsCheckDigit(digits) ? digits : null;
}
