import { dobVariants } from './dates';

/**
 * When contacts graded together may share their statements (SPEC PERF-3, PPL-1, PPL-4). A batch
 * must end as if its contacts had been prepared one after another in the order given; it is worked
 * through in waves, each a run of consecutive contacts whose candidate searches and accumulation
 * ledgers are read together before any of the wave's writes. That is the same as one after another
 * only when no contact of a wave would have read anything an earlier contact of the wave writes.
 * A wave therefore ends before the first contact that might have:
 *
 * - it describes someone under an identity key (domain/identity-keys.ts) an earlier one describes:
 *   the earlier one's new or linked person could be its match;
 * - its searches compared a person an earlier one links (that person gains names, an address and
 *   perhaps a new summary);
 * - its surnames sound like an earlier one's (the search's name block) and one of its dates of birth
 *   is the same, transposed or a year out from a date of birth the earlier one writes: with the
 *   names, such a date scores a candidate with no key in common (config/people-matching.yaml);
 * - it writes to a person an earlier one's subjects' ledgers read (the child, anyone related to
 *   the child, the children of the child's parents): links, addresses and relationships.
 *
 * Below the candidate threshold (a name alone, a name and a postcode district) nothing needs to
 * be ordered. As with identity keys, changing the weights means reading this list again.
 */

/** What one contact is about to match, known before any search. */
export interface Planned {
  /** The identity keys of the descriptions it matches. */
  keys: string[];
}

/** What one contact of a wave read and will write, once its sources are decided. */
export interface Decided extends Planned {
  /** Double Metaphone codes of the surnames it matches. */
  sounds: string[];
  /** Dates of birth of the descriptions it matches. */
  dobs: string[];
  /** Dates of birth its writes give persons: its descriptions' and those of the existing persons it links. */
  writtenDobs: string[];
  /** Persons its candidate searches compared. */
  compared: string[];
  /** Existing persons it links. */
  linksExisting: string[];
  /** The persons on its sources once written, when it writes anything (otherwise none). */
  touched: string[];
}

/** How many of `members` (in batch order) can be matched together: up to the first sharing a key with an earlier one. */
export function keyIndependentRun(members: Planned[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < members.length; i++) {
    if (members[i].keys.some((k) => seen.has(k))) return i;
    for (const k of members[i].keys) seen.add(k);
  }
  return members.length;
}

/**
 * How many of `members` (in batch order, each already decided as if the others did not exist) can
 * be written together. `reach(i)` is whom the ledgers of member i's subjects read; it is asked once,
 * and only about members followed by one that writes.
 */
export function independentRun(members: Decided[], reach: (i: number) => Set<string>): number {
  const reachOf = new Map<number, Set<string>>();
  const read = (i: number) => reachOf.get(i) ?? reachOf.set(i, reach(i)).get(i)!;
  for (let j = 1; j < members.length; j++) {
    const later = members[j];
    const compared = new Set(later.compared);
    const sounds = new Set(later.sounds);
    const near = new Set(later.dobs.flatMap((d) => dobVariants(d)));
    for (let i = 0; i < j; i++) {
      const earlier = members[i];
      if (earlier.keys.some((k) => later.keys.includes(k))) return j;
      if (earlier.linksExisting.some((p) => compared.has(p))) return j;
      if (earlier.sounds.some((s) => sounds.has(s)) && earlier.writtenDobs.some((d) => near.has(d))) return j;
      if (later.touched.length && later.touched.some((p) => read(i).has(p))) return j;
    }
  }
  return members.length;
}
