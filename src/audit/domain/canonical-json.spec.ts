import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('writes the exact text stored hashes were made from: keys sorted by code unit, undefined left out, holes empty, dates as ISO strings', () => {
    const sparse: unknown[] = [1, , 3]; // eslint-disable-line no-sparse-arrays
    sparse[4] = undefined;
    const value = {
      z: '"quoted"\n', b: [sparse, {}, []], é: 1, E: 2, '10': true, '2': null,
      a: { y: undefined, x: new Date('2026-11-20T10:00:00.123Z'), w: NaN }, u: undefined,
    };
    expect(canonicalJson(value)).toBe('{"10":true,"2":null,"E":2,"a":{"w":null,"x":"2026-11-20T10:00:00.123Z"},"b":[[1,,3,,null],{},[]],"z":"\\"quoted\\"\\n","é":1}');
  });

  it('a top-level scalar or nothing is its JSON', () => {
    expect([canonicalJson(undefined), canonicalJson(null), canonicalJson('a'), canonicalJson(2.5), canonicalJson(false)]).toEqual(['null', 'null', '"a"', '2.5', 'false']);
  });

  it('orders the keys of objects of any size as sort() orders strings, whatever order they were written in', () => {
    const alphabet = ['a', 'B', 'z', '_', '1', '0', '9', 'é', 'É', '\u{1F600}', '\uFFFD', ' ', 'aa', 'Id', 'id'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let size = 0; size < 40; size++) {
      const keys = new Set<string>();
      while (keys.size < size) keys.add(Array.from({ length: 1 + Math.floor(random() * 3) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
      const shuffled = [...keys].sort(() => random() - 0.5);
      const value = Object.fromEntries(shuffled.map((k) => [k, 1]));
      const expected = `{${[...keys].sort().map((k) => `${JSON.stringify(k)}:1`).join(',')}}`;
      expect(canonicalJson(value)).toBe(expected);
    }
  });
});
