import { toCinCodeLists } from './code-lists';
import { publicStatus } from './public-status';
import { REFERENCE_PATTERN, referenceSequenceName } from './reference';
import { requestHash } from './request-hash';
import { hashTrackingToken, newTrackingToken, trackingTokenMatches } from './tracking-token';

describe('request hash (SPEC INT-8)', () => {
  it.each([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true], // key order does not matter
    [{ a: 1, b: [1, 2] }, { a: 1, b: [2, 1] }, false], // list order does
    [{ a: 'x' }, { a: 'x ' }, false],
    [{ a: 1, c: undefined }, { a: 1 }, true], // an absent field and an undefined one are the same
    [{ a: null }, { a: 1 }, false],
    [{ n: { x: 1, y: 2 } }, { n: { y: 2, x: 1 } }, true],
  ])('%j vs %j: same %s', (x, y, same) => expect(requestHash('professional', x) === requestHash('professional', y)).toBe(same));

  it('the public and professional forms never share a hash', () => expect(requestHash('public', { a: 1 })).not.toBe(requestHash('professional', { a: 1 })));
});

describe('tracking tokens (SPEC INT-7, SEC-5)', () => {
  it('are 256-bit, URL-safe and different every time', () => {
    const a = newTrackingToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newTrackingToken()).not.toBe(a);
  });
  it.each([
    ['right token', (t: string) => t, (t: string) => hashTrackingToken(t), true],
    ['wrong token', () => 'nope', (t: string) => hashTrackingToken(t), false],
    ['no stored hash', (t: string) => t, () => null, false],
    ['garbage stored hash', (t: string) => t, () => 'xyz', false],
    ['empty token', () => '', (t: string) => hashTrackingToken(t), false],
  ])('%s', (_what, given, stored, ok) => {
    const token = newTrackingToken();
    expect(trackingTokenMatches(given(token), stored(token))).toBe(ok);
  });
});

describe('references (SPEC INT-7)', () => {
  it.each([['MASH-2026-000123', true], ['MASH-2026-1234567', true], ['MASH-2026-12345', false], ['mash-2026-000123', false], ['MASH-2026-000123x', false]])(
    '%s matches: %s', (ref, ok) => expect(REFERENCE_PATTERN.test(ref)).toBe(ok),
  );
  it('sequence names only for sane years', () => {
    expect(referenceSequenceName(2026)).toBe('contact_reference_2026');
    expect(() => referenceSequenceName(1999)).toThrow();
    expect(() => referenceSequenceName(2026.5)).toThrow();
  });
});

describe('public status in plain words (SPEC FB-2)', () => {
  it.each([
    ['received', 'received'], ['triaged', 'being_looked_at'], ['in_progress', 'being_looked_at'], ['pending_approval', 'being_looked_at'], ['decided', 'decided'],
  ] as const)('%s -> %s', (status, stage) => {
    const view = publicStatus(status);
    expect(view.status).toBe(stage);
    expect(view.outcomeSummary).not.toMatch(/RED|AMBER|GREEN|triage|approval/i);
  });
});

describe('code lists', () => {
  it('reads the referral sources and factor codes', () => {
    const lists = toCinCodeLists({ version: '2025-26', referralSource: [{ code: '1A' }], factorsIdentified: [{ code: '18C' }] });
    expect([...lists.referralSources]).toEqual(['1A']);
    expect(lists.cinFactorCodes.has('18C')).toBe(true);
  });
  it.each([
    [null, /not a YAML mapping/], [{ referralSource: [] }, /no version/], [{ version: 'x', referralSource: [], factorsIdentified: [{ code: '1' }] }, /referralSource/],
    [{ version: 'x', referralSource: [{ code: 4 }], factorsIdentified: [{ code: '1' }] }, /no string code/],
  ])('refuses %j', (doc, message) => expect(() => toCinCodeLists(doc)).toThrow(message));
});
