/**
 * Finds the child's GP practice among the agencies (SPEC FB-3: the GP is told the outcome) from the
 * free-text practice name on the contact. Pure.
 *
 * Names are compared after dropping case, punctuation and the words that vary between how a
 * referrer writes a practice and how it is registered ("Hillview Surgery" / "Hillview GP Practice").
 * Only a single match counts: two candidates is "ambiguous", so a person chooses rather than the
 * outcome going to the wrong practice.
 */

const FILLER = new Set(['the', 'gp', 'gps', 'practice', 'surgery', 'medical', 'centre', 'center', 'health', 'group', 'partnership', 'and', 'dr', 'drs', 'doctors']);

export function normalisePracticeName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['\u2019`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !FILLER.has(w))
    .join(' ');
}

export type GpMatch<T> = { result: 'matched'; agency: T } | { result: 'none' } | { result: 'ambiguous'; candidates: T[] };

export function matchGpPractice<T extends { name: string }>(practice: string | null | undefined, gpAgencies: T[]): GpMatch<T> | null {
  if (!practice || !practice.trim()) return null;
  const wanted = normalisePracticeName(practice);
  if (!wanted) return { result: 'none' };
  const found = gpAgencies.filter((a) => normalisePracticeName(a.name) === wanted);
  if (found.length === 1) return { result: 'matched', agency: found[0] };
  return found.length === 0 ? { result: 'none' } : { result: 'ambiguous', candidates: found };
}
