import { nameKey, normalizeName, normalizeNhsNumber, normalizePostcode, outwardCode, parseAlias, splitFullName } from './names';

describe('name, postcode and NHS number normal forms (SPEC PPL-1)', () => {
  it.each([
    ["O'Brien", 'obrien'],
    ['Ó Briain', 'o briain'],
    ['  SMITH-JONES ', 'smith jones'],
    ['Zoë', 'zoe'],
    ['Child1a2b', 'child1a2b'],
    [null, ''],
  ])('normalizeName(%p) = %p', (input, expected) => expect(normalizeName(input)).toBe(expected));

  it.each([
    ['ne1 4st', 'NE14ST', 'NE1'],
    ['SW1A 1AA', 'SW1A1AA', 'SW1A'],
    ['', null, null],
    ['XYZ', 'XYZ', null],
  ])('postcode %p -> %p, district %p', (input, norm, district) => {
    expect(normalizePostcode(input)).toBe(norm);
    expect(outwardCode(normalizePostcode(input))).toBe(district);
  });

  it.each([
    ['943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    ['12345', null],
    [null, null],
  ])('normalizeNhsNumber(%p) = %p', (input, expected) => expect(normalizeNhsNumber(input)).toBe(expected));

  it.each([
    ['Kelly Smith', 'Kelly', { first: 'kelly', last: 'smith' }],
    ['Smith', 'Kelly', { first: 'kelly', last: 'smith' }],
    ['Mary Jane Watson', null, { first: 'mary jane', last: 'watson' }],
    ['  ', 'Kelly', null],
  ])('parseAlias(%p, %p)', (alias, first, expected) => expect(parseAlias(alias, first)).toEqual(expected));

  it('splits a typed full name with the surname last', () => {
    expect(splitFullName('Jack  Smyth')).toEqual({ first: 'jack', last: 'smyth' });
    expect(splitFullName('Smyth')).toEqual({ first: '', last: 'smyth' });
  });

  it('keys a name for "same adult" comparisons, or null without a name', () => {
    expect(nameKey('Dean', "O'Neil")).toBe('dean|oneil');
    expect(nameKey(null, null)).toBeNull();
  });
});
