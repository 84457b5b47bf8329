import { identityKeys } from './identity-keys';

describe('identityKeys (what concurrent matching serialises on)', () => {
  const names = [{ first: 'amira', last: 'khan' }];

  it('keys a description by NHS number and date of birth, the facts an automatic link needs', () => {
    expect(identityKeys({ names, dateOfBirth: '2019-03-02', nhsNumber: '9434765919' })).toEqual(['nhs:9434765919', 'dob:2019-03-02']);
    expect(identityKeys({ names, dateOfBirth: '2019-03-02', nhsNumber: null })).toEqual(['dob:2019-03-02']);
  });

  it('falls back to every surname (aliases included) without either', () => {
    expect(identityKeys({ names: [...names, { first: 'amira', last: 'begum' }], dateOfBirth: null, nhsNumber: null })).toEqual(['last:khan', 'last:begum']);
  });

  it('falls back to first names when no surname is known, and to nothing when there is no name at all', () => {
    expect(identityKeys({ names: [{ first: 'baby', last: '' }], dateOfBirth: null, nhsNumber: null })).toEqual(['first:baby']);
    expect(identityKeys({ names: [], dateOfBirth: null, nhsNumber: null })).toEqual([]);
  });
});
