import { hasValidNhsCheckDigit, normaliseNhsNumber, parseNhsNumber } from './nhs-number';

describe('NHS number (modulus 11)', () => {
  it.each([
    ['9434765919', '9434765919'], // NHS Digital's published example
    ['943 476 5919', '9434765919'], // spaces as people write it
    ['4010232137', '4010232137'],
    ['4505577104', '4505577104'],
    ['9434765918', null], // wrong check digit
    ['9434765910', null],
    ['1000000010', null], // check digit would be 10: never issued
    ['943476591', null], // 9 digits
    ['94347659190', null], // 11 digits
    ['943-476-5919', null], // hyphens are not accepted
    ['94347A5919', null],
    ['', null],
  ])('%j -> %j', (input, expected) => {
    expect(parseNhsNumber(input)).toBe(expected);
  });

  it('check digit 11 becomes 0', () => {
    // 4010232137: sum = 4*10+0*9+1*8+0*7+2*6+3*5+2*4+1*3+3*2 = 92; 92 mod 11 = 4; 11-4 = 7
    expect(hasValidNhsCheckDigit('4010232137')).toBe(true);
    // 0000000000: sum 0, 11 - 0 = 11 -> 0
    expect(hasValidNhsCheckDigit('0000000000')).toBe(true);
  });

  it('normalises spaces only', () => {
    expect(normaliseNhsNumber(' 943 476 5919 ')).toBe('9434765919');
    expect(normaliseNhsNumber('943\t4765919')).toBeNull();
  });
});
