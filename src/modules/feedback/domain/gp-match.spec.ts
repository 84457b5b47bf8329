import { matchGpPractice, normalisePracticeName } from './gp-match';

describe('GP practice matching (SPEC FB-3)', () => {
  const agencies = [
    { id: 'a', name: 'Hillview GP Practice' },
    { id: 'b', name: "St. Mary's Medical Centre" },
    { id: 'c', name: 'Oak Tree Surgery' },
    { id: 'd', name: 'Oak Tree Health Centre' },
  ];

  it.each([
    ['Hillview GP Practice', 'a'],
    ['hillview surgery', 'a'],
    ['  HILLVIEW  ', 'a'],
    ['St Marys Medical Centre', 'b'],
    ["St Mary's", 'b'],
  ])('"%s" matches agency %s', (practice, id) => {
    expect(matchGpPractice(practice, agencies)).toEqual({ result: 'matched', agency: agencies.find((a) => a.id === id) });
  });

  it.each([['Riverside Surgery'], ['The Practice'], ['Hill View']])('"%s" matches nothing', (practice) => {
    expect(matchGpPractice(practice, agencies)).toEqual({ result: 'none' });
  });

  it('two practices with the same core name are ambiguous, never a guess', () => {
    expect(matchGpPractice('Oak Tree', agencies)).toEqual({ result: 'ambiguous', candidates: [agencies[2], agencies[3]] });
  });

  it('no practice given is no GP to tell', () => {
    expect(matchGpPractice(null, agencies)).toBeNull();
    expect(matchGpPractice('   ', agencies)).toBeNull();
  });

  it('normalises accents, punctuation and filler words', () => {
    expect(normalisePracticeName('The Élan & Co. Surgery')).toBe('elan co');
  });
});
