/**
 * Synthetic but realistic UK identities for the people benchmark: common first names and surnames
 * (weighted, so Smith is common and most surnames rare), spelling variants that real contacts contain
 * (Smith/Smyth, Thompson/Thomson, Mohammed/Muhammad...), a long tail of rarer surnames, dates of birth
 * for children and adults, and postcodes in real outward codes. Seeded, so every run loads the same data.
 */

import names from '../shared/uk-names.json';

export { mulberry32 as prng } from '../../src/common/mulberry32';

// The name and postcode lists are shared with the intake and triage benches' contact bodies (bench/shared/uk-names.json).
export const GIRLS: string[] = names.girls;
export const BOYS: string[] = names.boys;
export const SURNAMES: string[] = names.surnames;
/** Spellings that turn up for the same person on different contacts. */
export const VARIANTS: Record<string, string[]> = names.variants;
const PREFIXES: string[] = names.surnamePrefixes;
const SUFFIXES: string[] = names.surnameSuffixes;
export const DISTRICTS: string[] = names.postcodeDistricts;
const INWARD_LETTERS = names.inwardLetters;

export interface Identity {
  firstName: string;
  lastName: string;
  sex: 'M' | 'F';
  dateOfBirth: string;
  postcode: string;
  previousSurname: string | null;
  child: boolean;
}

export class Generator {
  constructor(private readonly rand: () => number) {}

  pick<T>(list: T[]): T {
    return list[Math.floor(this.rand() * list.length)];
  }

  /**
   * Skewed towards the front of the list, roughly as in England and Wales: the first surname (Smith)
   * comes out about 2.5% of the time from the common list, so about 1.2% of everyone; the first first
   * name about 3-4% of its sex.
   */
  skewed<T>(list: T[]): T {
    return list[Math.floor(list.length * this.rand() ** 1.4)];
  }

  surname(): string {
    // Half from the common list (Smith about 1%), half from a long tail of a thousand rarer names.
    if (this.rand() < 0.5) {
      const name = this.skewed(SURNAMES);
      return VARIANTS[name] && this.rand() < 0.15 ? this.pick(VARIANTS[name]) : name;
    }
    return this.pick(PREFIXES) + this.pick(SUFFIXES);
  }

  firstName(sex: 'M' | 'F'): string {
    return this.skewed(sex === 'F' ? GIRLS : BOYS);
  }

  date(fromYear: number, toYear: number): string {
    const from = Date.UTC(fromYear, 0, 1);
    const to = Date.UTC(toYear, 11, 31);
    return new Date(from + Math.floor(this.rand() * ((to - from) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
  }

  postcode(): string {
    return `${this.pick(DISTRICTS)} ${Math.floor(this.rand() * 10)}${this.pick([...INWARD_LETTERS])}${this.pick([...INWARD_LETTERS])}`;
  }

  identity(): Identity {
    const sex = this.rand() < 0.5 ? 'F' : 'M';
    const child = this.rand() < 0.6;
    return {
      firstName: this.firstName(sex),
      lastName: this.surname(),
      sex,
      dateOfBirth: child ? this.date(2008, 2026) : this.date(1960, 2007),
      postcode: this.postcode(),
      previousSurname: !child && sex === 'F' && this.rand() < 0.2 ? this.surname() : null,
      child,
    };
  }

  /** How the same person's name might be written on another contact: a known variant, or one slip of the keyboard. */
  misspell(name: string): string {
    if (VARIANTS[name]) return this.pick(VARIANTS[name]);
    if (name.length < 4) return name;
    const i = 1 + Math.floor(this.rand() * (name.length - 2));
    return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
  }
}
