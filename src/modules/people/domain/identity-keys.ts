import type { NameParts } from './names';

/**
 * Keys that serialise the matching of descriptions which could be the same person (SPEC PPL-1).
 *
 * Two contacts about the same new child, matched at the same moment, would each miss the person the
 * other is creating and make the child twice: a split record, the history that serious case reviews
 * find was never joined up. Matching takes a lock on each key of what it is about to match and holds
 * it until its transaction commits, so the second sees the first's person.
 *
 * The keys follow what a match needs with the weights of config/people-matching.yaml: a link needs
 * the NHS number, or the exact date of birth and a postcode of the person's; a candidate without an
 * NHS number needs a date of birth (exact, transposed or a year out) or the same postcode, as names
 * alone, or names and the same postcode district, score below the candidate threshold. So a
 * description is keyed by each of those it has, and a person created by one contact meets the other's
 * description under a shared key. Not covered, left to the duplicate review a worker already has
 * (merging persons): a transposed or year-out date of birth without a shared postcode; a person
 * that gains a name from one contact (linked by NHS number) while another contact under that name
 * is matched; a worker's own create, attach and merge, which take no identity locks. A description
 * with none of them (a name only) is keyed by its surnames. Changing the weights can change what
 * needs a key: this list has to be read again then.
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
