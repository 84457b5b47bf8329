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
});
