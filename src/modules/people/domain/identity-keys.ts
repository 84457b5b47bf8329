import type { NameParts } from './names';

/**
 * Keys that serialise the matching of descriptions which could be the same person (SPEC PPL-1).
 *
 * Two contacts about the same new child, matched at the same moment, would each miss the person the
 * other is creating and make the child twice: a split record, the history that serious case reviews
 * find was never joined up. Matching takes a lock on each key of what it is about to match and holds
 * it until its transaction commits, so the second sees the first's person.
 *
 * The keys follow what a match needs (config/people-matching.yaml): a link needs the NHS number, or
 * the exact date of birth and a postcode of the person's; without an NHS number, a candidate needs the
 * exact date of birth or the same postcode (names alone score below the candidate threshold). So a
 * description is keyed by each of those it has, and two that could match share a key. The one pairing
 * no key covers, a transposed or year-off date of birth at another postcode in two contacts at once,
 * is left to the duplicate review a worker already has (merging persons). A description with none of
 * them (a name only) is keyed by its surnames, in case the weights are changed to let names count alone.
 */
export function identityKeys(d: { names: NameParts[]; dateOfBirth: string | null; nhsNumber: string | null; postcode: string | null }): string[] {
  const keys: string[] = [];
  if (d.nhsNumber) keys.push(`nhs:${d.nhsNumber}`);
  if (d.dateOfBirth) keys.push(`dob:${d.dateOfBirth}`);
  if (d.postcode) keys.push(`postcode:${d.postcode}`);
  if (keys.length) return keys;
  const surnames = d.names.map((n) => n.last).filter(Boolean);
  if (surnames.length) return surnames.map((last) => `last:${last}`);
  return d.names.map((n) => n.first).filter(Boolean).map((first) => `first:${first}`);
}
