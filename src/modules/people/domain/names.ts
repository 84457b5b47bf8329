/**
 * Normalising names, postcodes and NHS numbers for the person index (SPEC PPL-1). Pure functions:
 * the same normal form is written to person_name/person_address and used in every search, so
 * "O'Brien", "OBrien" and "Ó Brien" compare equal, and trigram and phonetic indexes see clean text.
 */

/**
 * Lower case, accents stripped, apostrophes and dots dropped, every other character that is not a letter
 * or digit a single space. Digits stay: no real name has them, and a name that does (a placeholder, a
 * test record) must not look like every other such name once they are gone.
 */
export function normalizeName(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** "sw1a 1aa" -> "SW1A1AA"; empty -> null. */
export function normalizePostcode(value: string | null | undefined): string | null {
  if (!value) return null;
  const compact = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length ? compact : null;
}

/** The outward code (district) of a normalised UK postcode: "SW1A1AA" -> "SW1A". The inward code is always 3 characters. */
export function outwardCode(normalised: string | null): string | null {
  if (!normalised || normalised.length < 5 || normalised.length > 7) return null;
  return normalised.slice(0, -3);
}

/** Ten digits, spaces and dashes removed; anything else is not an NHS number and is ignored for matching. */
export function normalizeNhsNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

export interface NameParts {
  first: string;
  last: string;
}

/**
 * Reads one entry of a contact's `aliases` (previous names and aliases, SPEC INT-3). Two or more words
 * are a full name (last word = surname); a single word is read as another surname for the same first
 * name, because the common case the serious case reviews describe is a mother's change of surname
 * (TRI 4.3.6: "née Smith").
 */
export function parseAlias(alias: string, primaryFirst: string | null): NameParts | null {
  const words = normalizeName(alias).split(' ').filter(Boolean);
  if (words.length === 0) return null;
  if (words.length === 1) return { first: normalizeName(primaryFirst), last: words[0] };
  return { first: words.slice(0, -1).join(' '), last: words[words.length - 1] };
}

/** Splits a free-text search name ("Jack Smyth", "Smyth") into first and last parts. */
export function splitFullName(value: string): NameParts {
  const words = normalizeName(value).split(' ').filter(Boolean);
  if (words.length === 0) return { first: '', last: '' };
  if (words.length === 1) return { first: '', last: words[0] };
  return { first: words.slice(0, -1).join(' '), last: words[words.length - 1] };
}

/** A stable key for "same name", used where a household adult has no person id yet. */
export function nameKey(first: string | null | undefined, last: string | null | undefined): string | null {
  const key = `${normalizeName(first)}|${normalizeName(last)}`;
  return key === '|' ? null : key;
}
