/**
 * JSON with object keys sorted at every level, so a value hashes the same after a jsonb round trip.
 * Stored hashes (audit events, seals, intake's request hashes) depend on this exact text: undefined
 * properties are left out, an undefined array item is null and a hole is left empty (as
 * Array.prototype.join leaves it), a Date is its ISO string. Written as loops, with each key quoted
 * once per process, rather than entries, filter, sort and map: intake hashes every contact body
 * with it (2% of the API's CPU in that form under bench:intake; this costs half).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: string | undefined = i in value ? canonicalJson(value[i]) : undefined;
      if (item !== undefined) out += item;
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = sortedKeys(object);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${quoted(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * The object's keys in the order Array.prototype.sort() gives strings (by UTF-16 code units, as `a < b`
 * compares them), sorted in place by insertion: objects have few keys, and sort() allocated a work
 * array for every object (an intake request hashes its whole body: 11 KB of its allocation).
 */
function sortedKeys(object: Record<string, unknown>): string[] {
  const keys = Object.keys(object);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}

/** Keys are a small vocabulary (field names); the cap keeps odd input from growing the map without end. */
const QUOTED = new Map<string, string>();
const MAX_QUOTED = 10_000;

function quoted(key: string): string {
  let text = QUOTED.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (QUOTED.size < MAX_QUOTED) QUOTED.set(key, text);
  }
  return text;
}
