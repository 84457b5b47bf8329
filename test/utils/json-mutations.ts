/**
 * Seeded damage to a good JSON body, for tests that put the very same bodies to two judges of
 * validity (the validation pipe and its quick check): one change at a random place, a value of
 * another type, too long, with control characters, out of a list, a list too long, a property
 * nobody declared, a key the pipe drops without a word...
 */
export const MUTATION_VALUES: unknown[] = [
  null, 0, 7, -1, 1.5, 19, 20, true, false, '', ' ', 'x', 'x'.repeat(4), 'x'.repeat(11), 'x'.repeat(101), 'x'.repeat(201), 'x'.repeat(2001), 'x'.repeat(10_001),
  'a\u0007b', 'a\nb', 'a\tb', 'a\u0085b', '2020-02-30', '2020-01-01', '1899-12-31', '2020-01-01T10:00:00Z', '2020-01-01T10:00', 'mother', 'injury', 'photo',
  'professional', 'public', 'police', '18C', '2A', 'Z9', 'yes', 'M', {}, [], ['a'], [{}], [1], [0, 0], ['mental_ill_health'], { status: 'unknown' },
];

/** As the API and the import have bodies: parsed from JSON (structuredClone would make objects of another realm under Jest). */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Keys the pipe drops without a word (class-transformer skips what the instance inherits: `constructor`, `toString`...). */
export const DROPPED_KEYS = Object.getOwnPropertyNames(Object.prototype);

type Json = Record<string, unknown> | unknown[];

/** Every path into a value: object keys and array indexes. */
export function jsonPaths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...at, i]), jsonPaths(v, [...at, i], out)));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => (out.push([...at, k]), jsonPaths(v, [...at, k], out)));
  return out;
}

/** True when the body holds a key the pipe drops without a word (see DROPPED_KEYS). */
export const hasDroppedKey = (body: unknown) => jsonPaths(body).some((p) => DROPPED_KEYS.includes(String(p[p.length - 1])));

/** One random change, in place, at a random path of `body`. */
export function mutate(body: Record<string, unknown>, rand: () => number): void {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const path = pick(jsonPaths(body));
  const parent = path.slice(0, -1).reduce<Json>((o, k) => (o as Record<string | number, Json>)[k], body);
  const key = path[path.length - 1];
  const slot = parent as Record<string | number, unknown>;
  const what = rand();
  if (what < 0.15) delete slot[key];
  else if (what < 0.25 && slot[key] && typeof slot[key] === 'object' && !Array.isArray(slot[key])) (slot[key] as Record<string, unknown>)[pick(['shoeSize', 'name', 'status'])] = pick(MUTATION_VALUES);
  else if (what < 0.32 && Array.isArray(slot[key])) (slot[key] as unknown[]).push(...Array.from({ length: pick([1, 10, 25]) }, () => clone((slot[key] as unknown[])[0] ?? 'x')));
  else if (what < 0.37 && !Array.isArray(parent)) slot[pick(['shoeSize', 'constructor', 'toString', 'legacyreference'])] = 1;
  else slot[key] = clone(pick(MUTATION_VALUES));
}
