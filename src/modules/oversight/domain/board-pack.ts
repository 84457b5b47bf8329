/**
 * The anonymised board pack (SPEC MGT-3, CRAG 9): counts only, never names, dates of birth or
 * addresses, and small numbers suppressed so a child cannot be recognised. Pure.
 */

/** Counts from 1 to SUPPRESS_BELOW - 1 are shown as the suppression marker; 0 is shown as 0. */
export const SUPPRESS_BELOW = 5;
export const SUPPRESSED = '<5';

export type Shown = number | typeof SUPPRESSED;

export function suppress(count: number): Shown {
  return count > 0 && count < SUPPRESS_BELOW ? SUPPRESSED : count;
}

export interface BoardPackRow {
  section: string;
  measure: string;
  value: Shown;
}

/**
 * A rate is only shown when both its numerator and denominator are shown: a rate over a suppressed
 * count would give the count away.
 */
export function suppressRate(numerator: number, denominator: number): number | typeof SUPPRESSED | null {
  if (denominator === 0) return null;
  if (suppress(numerator) === SUPPRESSED || suppress(denominator) === SUPPRESSED) return SUPPRESSED;
  return Math.round((1000 * numerator) / denominator) / 10;
}
