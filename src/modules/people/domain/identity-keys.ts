import type { NameParts } from './names';

/**
 * Keys that serialise the matching of descriptions which could be the same person (SPEC PPL-1).
 *
 * Two contacts about the same new child, matched at the same moment, would each miss the person the
 * other is creating and make the child twice: a split record, the history that serious case reviews
 * find was never joined up. Matching takes a lock on each key of what it is about to match and holds
 * it until its transaction commits, so the second sees the first's person.
 *
 * An automatic link needs the NHS number or the exact date of birth, so those keys cover every link
 * the race could lose. A description with neither is keyed by its surnames (or first names when no
 * surname is known), which covers the candidates a worker would be offered under the same surname.
 * What no key covers (a misspelt surname without a date of birth, in two contacts at once) is left
 * to the duplicate review a worker already has (merging persons).
 */
export function identityKeys(d: { names: NameParts[]; dateOfBirth: string | null; nhsNumber: string | null }): string[] {
  const keys: string[] = [];
  if (d.nhsNumber) keys.push(`nhs:${d.nhsNumber}`);
  if (d.dateOfBirth) keys.push(`dob:${d.dateOfBirth}`);
  if (keys.length) return keys;
  const surnames = d.names.map((n) => n.last).filter(Boolean);
  if (surnames.length) return surnames.map((last) => `last:${last}`);
  return d.names.map((n) => n.first).filter(Boolean).map((first) => `first:${first}`);
}
