import { isHouseholdChild } from './household-children';

describe('children in the household (SPEC INT-4)', () => {
  const on = '2026-06-15';
  it.each([
    ['a sibling with no date of birth', { relationship: 'sibling' as const }, true],
    ['a half-sibling aged 9', { relationship: 'half_sibling' as const, dateOfBirth: '2017-01-01' }, true],
    ['a sibling aged 17 the day before their birthday (INT-3: never routed as an adult)', { relationship: 'sibling' as const, dateOfBirth: '2008-06-16' }, true],
    ['a sibling who turns 18 that day', { relationship: 'sibling' as const, dateOfBirth: '2008-06-15' }, false],
    ["a mother's partner's child aged 4 (other relationship, under 18)", { relationship: 'other' as const, dateOfBirth: '2022-02-02' }, true],
    ['a mother with no date of birth', { relationship: 'mother' as const }, false],
    ['a sibling who does not live there', { relationship: 'sibling' as const, resident: false }, false],
  ])('%s', (_what, member, child) => {
    expect(isHouseholdChild(member, on)).toBe(child);
  });
});
