import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CandidateRow, decideMatch, MatchQuery } from './match-scoring';
import { validateMatchingConfig } from './people-config';

const cfg = validateMatchingConfig(parse(readFileSync(join(__dirname, '../../../../config/people-matching.yaml'), 'utf8')));

const query: MatchQuery = { dateOfBirth: '2019-05-04', sex: 'F', nhsNumber: null, postcode: 'NE14ST' };
const row = (over: Partial<CandidateRow> = {}): CandidateRow => ({
  personId: 'p1',
  firstNameSimilarity: 1,
  lastNameSimilarity: 1,
  dateOfBirth: '2019-05-04',
  sex: 'F',
  nhsNumber: null,
  postcodes: ['NE14ST'],
  ...over,
});

describe('matching decisions (SPEC PPL-1)', () => {
  it.each<[string, Partial<MatchQuery>, Partial<CandidateRow>[], string]>([
    ['everything agrees', {}, [{}], 'link:auto'],
    ['surname spelled differently but sounds the same (Smyth/Smith)', {}, [{ lastNameSimilarity: 0.85 }], 'link:auto'],
    ['the NHS number agrees though the names do not', { nhsNumber: '9434765919' }, [{ nhsNumber: '9434765919', firstNameSimilarity: 0.1, lastNameSimilarity: 0, dateOfBirth: '2011-01-01' }], 'link:nhs'],
    ['the NHS numbers differ though everything else agrees', { nhsNumber: '9434765919' }, [{ nhsNumber: '9434765900' }], 'new'],
    ['day and month transposed', {}, [{ dateOfBirth: '2019-04-05' }], 'candidates'],
    ['a year out', {}, [{ dateOfBirth: '2018-05-04' }], 'candidates'],
    ['same name and date of birth, different postcode', {}, [{ postcodes: ['M11AE'] }], 'candidates'],
    ['same name and date of birth, same district only', {}, [{ postcodes: ['NE16AB'] }], 'candidates'],
    ['same name and date of birth, no postcode on the contact', { postcode: null }, [{}], 'candidates'],
    ['twins: same surname, date of birth and address, first names alike', {}, [{ firstNameSimilarity: 0.85 }], 'candidates'],
    ['a previous surname unknown to the index', {}, [{ lastNameSimilarity: 0 }], 'candidates'],
    ['names unlike, same date of birth', {}, [{ firstNameSimilarity: 0.5, lastNameSimilarity: 0.55, postcodes: [] }], 'new'],
    ['recorded sex differs', {}, [{ sex: 'M' }], 'candidates'],
    ['two persons both look certain', {}, [{ personId: 'p1' }, { personId: 'p2' }], 'candidates'],
    ['an adult with no date of birth anywhere', { dateOfBirth: null }, [{ dateOfBirth: null }], 'candidates'],
    ['nobody found', {}, [], 'new'],
  ])('%s -> %s', (_, q, rows, expected) => {
    const d = decideMatch({ ...query, ...q }, rows.map(row), cfg);
    expect(d.kind === 'link' ? `link:${d.method}` : d.kind).toBe(expected);
  });

  it('offers at most the configured number of candidates, best first', () => {
    const rows = Array.from({ length: 8 }, (_, i) => row({ personId: `p${i}`, dateOfBirth: '2019-04-05', lastNameSimilarity: 1 - i * 0.01 }));
    const d = decideMatch(query, rows, cfg);
    expect(d.kind).toBe('candidates');
    expect(d.candidates.map((c) => c.personId)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(d.candidates[0]).toMatchObject({ dateOfBirth: 'transposed', postcode: 'exact' });
  });
});
