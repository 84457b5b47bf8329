import { plainAcceptance } from '../../src/common/plain-acceptance';
import { createValidationPipe } from '../../src/common/validation';
import { mulberry32 } from '../../src/common/mulberry32';
import { ImportContactDto } from '../../src/modules/contacts/dto/import-contact.dto';
import { familyContact, simpleContact } from '../factories/contact-bodies';

/**
 * The legacy import takes a line without the validation pipe only when plainAcceptance says the pipe
 * would accept it. Thousands of lines, each a good line with one to three things changed at random
 * (a value of another type, too long, with control characters, out of a list, a list too long, a
 * property nobody declared...), are put to both: whenever the quick check says yes, the pipe says yes
 * too and returns the same data; and for this class it says yes whenever the pipe does (but to a
 * key such as `toString`, which the pipe drops).
 */
const VALUES: unknown[] = [
  null, 0, 7, -1, 1.5, 19, 20, true, false, '', ' ', 'x', 'x'.repeat(4), 'x'.repeat(11), 'x'.repeat(101), 'x'.repeat(201), 'x'.repeat(2001), 'x'.repeat(10_001),
  'a\u0007b', 'a\nb', 'a\tb', 'a\u0085b', '2020-02-30', '2020-01-01', '1899-12-31', '2020-01-01T10:00:00Z', '2020-01-01T10:00', 'mother', 'injury', 'photo',
  'professional', 'public', 'police', '18C', '2A', 'Z9', 'yes', 'M', {}, [], ['a'], [{}], [1], [0, 0], ['mental_ill_health'], { status: 'unknown' },
];

// As the import has them: parsed from JSON (structuredClone would make objects of another realm under Jest).
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Keys the pipe drops without a word (class-transformer skips what the instance inherits: `constructor`, `toString`...): left to it. */
const DROPPED = Object.getOwnPropertyNames(Object.prototype);

type Json = Record<string, unknown> | unknown[];

function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...at, i]), paths(v, [...at, i], out)));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => (out.push([...at, k]), paths(v, [...at, k], out)));
  return out;
}

function mutate(body: Record<string, unknown>, rand: () => number): void {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const path = pick(paths(body));
  const parent = path.slice(0, -1).reduce<Json>((o, k) => (o as Record<string | number, Json>)[k], body);
  const key = path[path.length - 1];
  const slot = parent as Record<string | number, unknown>;
  const what = rand();
  if (what < 0.15) delete slot[key];
  else if (what < 0.25 && slot[key] && typeof slot[key] === 'object' && !Array.isArray(slot[key])) (slot[key] as Record<string, unknown>)[pick(['shoeSize', 'name', 'status'])] = pick(VALUES);
  else if (what < 0.32 && Array.isArray(slot[key])) (slot[key] as unknown[]).push(...Array.from({ length: pick([1, 10, 25]) }, () => clone((slot[key] as unknown[])[0] ?? 'x')));
  else if (what < 0.37 && !Array.isArray(parent)) slot[pick(['shoeSize', 'constructor', 'toString', 'legacyreference'])] = 1;
  else slot[key] = clone(pick(VALUES));
}

describe('the legacy import quick check of a line (plainAcceptance of ImportContactDto)', () => {
  const accepts = plainAcceptance(ImportContactDto);
  const pipe = createValidationPipe();

  it('says yes exactly when the validation pipe does, and takes the same data from the line', async () => {
    const rand = mulberry32(24);
    const line = (i: number) => ({
      ...(i % 2 ? familyContact() : simpleContact()),
      legacyReference: `LEG-${i}`, receivedAt: '2024-03-04T10:15:00Z', referrerType: 'professional',
    });
    const seen = { accepted: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      const body = line(i);
      const changes = i % 10 === 0 ? 0 : 1 + Math.floor(rand() * 3);
      for (let c = 0; c < changes; c++) mutate(body, rand);
      const quick = accepts(clone(body));
      let piped: unknown;
      try {
        piped = await pipe.transform(clone(body), { type: 'body', metatype: ImportContactDto });
      } catch {
        piped = undefined;
      }
      if (quick) {
        expect({ case: i, body, piped: piped !== undefined }).toEqual({ case: i, body, piped: true });
        expect(piped).toEqual(body);
      } else if (!paths(body).some((p) => DROPPED.includes(String(p[p.length - 1])))) {
        expect({ case: i, body, quick }).toEqual({ case: i, body, quick: piped !== undefined });
      }
      seen[quick ? 'accepted' : 'refused']++;
    }
    // Both answers are well represented, so either kind of disagreement would have been met.
    expect(seen.accepted).toBeGreaterThan(300);
    expect(seen.refused).toBeGreaterThan(500);
  });
});
