/**
 * A small seeded body generator for the REL-4 fuzz run (fast-check is not installed): a deterministic
 * PRNG, bodies derived from the OpenAPI schema of each POST route (or a realistic base body), then
 * 0-3 mutations of the kinds SPEC REL-4 names: malformed JSON, wrong types, huge bodies, unknown
 * fields, bad dates, a DOB in the future, control characters. The same seed gives the same bodies.
 */

/** Seeded, so a failing run is replayed with its seed (FAULTS_FUZZ_SEED). */
export { mulberry32 as prng } from '../../../src/common/mulberry32';

export class Gen {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  string(max = 20): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -\'.,éøß北';
    return Array.from({ length: this.int(1, max) }, () => this.pick([...alphabet])).join('');
  }
}

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};
export interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** A plausible value for a schema (types, enums, formats honoured), so mutations hit deep validation. */
export function fromSchema(g: Gen, api: OpenApi, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return g.string();
  if (schema.$ref) return fromSchema(g, api, api.components?.schemas?.[schema.$ref.split('/').pop()!], depth + 1);
  const union = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (union?.length) return fromSchema(g, api, g.pick(union), depth + 1);
  if (schema.enum?.length) return g.pick(schema.enum);
  switch (schema.type) {
    case 'object':
    case undefined: {
      if (!schema.properties) return {};
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties)) {
        if (schema.required?.includes(key) || g.chance(0.5)) out[key] = fromSchema(g, api, prop, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: g.int(0, 3) }, () => fromSchema(g, api, schema.items, depth + 1));
    case 'integer':
      return g.int(schema.minimum ?? 0, schema.maximum ?? 10);
    case 'number':
      return g.int(schema.minimum ?? 0, schema.maximum ?? 100);
    case 'boolean':
      return g.chance(0.5);
    case 'string':
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (schema.format === 'date') return '2020-01-01';
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'email') return `fuzz${g.int(1, 9999)}@example.localhost`;
      return g.string(Math.min(schema.maxLength ?? 30, 30));
    default:
      return g.string();
  }
}

export function requestSchema(api: OpenApi, openApiPath: string, method = 'post'): Schema | undefined {
  return api.paths[openApiPath]?.[method]?.requestBody?.content?.['application/json']?.schema;
}

const CONTROL = ['\u0000', '\u0007', '\u001b[31m', '\u0008', '\u007f', '\r\n\u0000'];
const BAD_DATES = ['2023-02-30', '31/12/2020', 'yesterday', '2020-13-01', '0000-00-00', '2020-1-1', '9999-12-31', '1800-01-01', '', '2020-01-01T25:00:00Z'];
const WRONG_TYPES: unknown[] = [null, 0, -1, 1.5, 1e21, true, false, '', ' ', [], {}, [null], { a: 1 }, 'x'.repeat(300)];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'id', 'createdAt', 'status', 'isAdmin', '$where', ''];

// Weighted: the cheap mutations often, the expensive ones (a 1 MB body, deep nesting) now and then.
const KINDS = [
  ...Array<'drop'>(4).fill('drop'), ...Array<'wrongType'>(5).fill('wrongType'), ...Array<'unknownField'>(3).fill('unknownField'),
  ...Array<'control'>(3).fill('control'), ...Array<'badDate'>(3).fill('badDate'), ...Array<'futureDate'>(3).fill('futureDate'),
  ...Array<'null'>(2).fill('null'), ...Array<'hostileKey'>(2).fill('hostileKey'), ...Array<'topLevel'>(2).fill('topLevel'),
  ...Array<'malformed'>(3).fill('malformed'), ...Array<'contentType'>(2).fill('contentType'), ...Array<'numberEdge'>(2).fill('numberEdge'),
  'hugeString', 'arrayBlowup', 'deepNest', 'hugeBody',
] as const;

/** Paths to every value in a JSON tree (objects and arrays), the root included as []. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = [], seen = new WeakSet<object>()): (string | number)[][] {
  out.push(prefix);
  // Shared references (an array blown up from one element) are walked once; very deep trees stop at 40.
  if (value && typeof value === 'object' && !seen.has(value) && prefix.length < 40 && out.length < 5000) {
    seen.add(value);
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out, seen);
  }
  return out;
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k as string] : undefined), root);
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  if (parent && typeof parent === 'object') (parent as Record<string, unknown>)[path[path.length - 1] as string] = value;
  return root;
}

function deleteAt(root: unknown, path: (string | number)[]): unknown {
  if (path.length === 0) return undefined;
  const parent = getAt(root, path.slice(0, -1));
  if (Array.isArray(parent)) parent.splice(path[path.length - 1] as number, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[path[path.length - 1] as string];
  return root;
}

export interface FuzzBody {
  /** Sent as is when a string (raw, possibly malformed JSON), else JSON-serialised. */
  body: unknown;
  contentType?: string;
  mutations: string[];
}

/** Mutates a valid body 0-3 times; `raw` mutations (malformed JSON, huge bodies) replace the text. */
export function mutate(g: Gen, base: unknown): FuzzBody {
  let body: unknown = JSON.parse(JSON.stringify(base ?? {}));
  const mutations: string[] = [];
  const count = g.chance(0.08) ? 0 : g.int(1, 3);
  for (let i = 0; i < count; i++) {
    const all = paths(body);
    const leaves = all.filter((p) => p.length > 0);
    const objects = all.filter((p) => { const v = getAt(body, p); return v && typeof v === 'object' && !Array.isArray(v); });
    const kind = g.pick(KINDS);
    mutations.push(kind);
    switch (kind) {
      case 'drop':
        if (leaves.length) body = deleteAt(body, g.pick(leaves));
        break;
      case 'wrongType':
        if (leaves.length) body = setAt(body, g.pick(leaves), structuredClone(g.pick(WRONG_TYPES)));
        break;
      case 'null':
        if (leaves.length) body = setAt(body, g.pick(leaves), null);
        break;
      case 'unknownField':
        if (objects.length) setAt(body, [...g.pick(objects), `unexpected_${g.string(6)}`], structuredClone(g.pick(WRONG_TYPES)));
        break;
      case 'hostileKey':
        if (objects.length) {
          const target = getAt(body, g.pick(objects)) as Record<string, unknown>;
          Object.defineProperty(target, g.pick(HOSTILE_KEYS), { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
        }
        break;
      case 'control': {
        const strings = leaves.filter((p) => typeof getAt(body, p) === 'string');
        if (strings.length) { const p = g.pick(strings); body = setAt(body, p, `${getAt(body, p) as string}${g.pick(CONTROL)}x`); }
        break;
      }
      case 'badDate': {
        const dates = leaves.filter((p) => /date|At$|dob/i.test(String(p[p.length - 1])));
        body = setAt(body, dates.length ? g.pick(dates) : leaves.length ? g.pick(leaves) : [], g.pick(BAD_DATES));
        break;
      }
      case 'futureDate': {
        const dates = leaves.filter((p) => /date|At$/i.test(String(p[p.length - 1])));
        const future = new Date(Date.now() + g.int(1, 4000) * 86_400_000).toISOString().slice(0, 10);
        if (dates.length) body = setAt(body, g.pick(dates), future);
        break;
      }
      case 'hugeString':
        if (leaves.length) body = setAt(body, g.pick(leaves), 'A'.repeat(g.pick([4001, 8001, 20_000, 20_000, 200_000])));
        break;
      case 'arrayBlowup': {
        const arrays = all.filter((p) => Array.isArray(getAt(body, p)));
        if (arrays.length) { const p = g.pick(arrays); const arr = getAt(body, p) as unknown[]; body = setAt(body, p, Array.from({ length: g.pick([50, 200, 500]) }, () => arr[0] ?? 'x')); }
        break;
      }
      case 'deepNest': {
        let nested: unknown = 'bottom';
        for (let d = 0; d < g.pick([50, 300, 1000]); d++) nested = { n: nested };
        if (leaves.length) body = setAt(body, g.pick(leaves), nested);
        return { body: JSON.stringify(body), mutations }; // last: walking a deep tree again would only cost time
      }
      case 'topLevel':
        body = g.pick([[], [body], 42, 'a string', true, null]);
        break;
      case 'numberEdge':
        return { body: JSON.stringify(body).replace(/^\{/, `{"n":${g.pick(['1e999', '-0', '0x10', 'NaN', 'Infinity', '9007199254740993'])},`), mutations: [...mutations] };
      case 'malformed': {
        const text = JSON.stringify(body) ?? '';
        const cut = text.slice(0, g.int(0, Math.max(0, text.length - 1)));
        return { body: g.pick([cut, `${text},`, text.replace(/"/, "'"), `{${text}`, '{"a":}', '\u0000', '', 'undefined', '{"a":1}{"b":2}']), mutations };
      }
      case 'hugeBody':
        return { body: JSON.stringify({ ...(typeof body === 'object' && body && !Array.isArray(body) ? body : {}), pad: 'x'.repeat(1_100_000) }), mutations };
      case 'contentType':
        return { body: JSON.stringify(body), contentType: g.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data']), mutations };
    }
  }
  return { body: body === undefined ? '' : body, mutations };
}
