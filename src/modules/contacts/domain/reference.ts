/**
 * Human contact references (SPEC INT-7): MASH-<year>-<at least 6 digits>, numbered by a Postgres
 * sequence per year. A rolled-back transaction leaves a gap; nobody relies on the numbers being dense.
 */
export const REFERENCE_PATTERN = /^MASH-\d{4}-\d{6,9}$/;

/** The reference of the n-th contact of a year (intake's SQL writes the same with lpad). */
export function contactReference(year: number, n: number | string): string {
  return `MASH-${year}-${String(n).padStart(6, '0')}`;
}

export function referenceSequenceName(year: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new Error(`no reference sequence for year ${year}`);
  return `contact_reference_${year}`;
}

