import { identityKeys } from './identity-keys';

describe('identityKeys (what concurrent matching serialises on)', () => {
  const names = [{ first: 'amira', last: 'khan' }];
  const none = { dateOfBirth: null, nhsNumber: null, postcode: null };

  it('keys a description by NHS number, date of birth and postcode, the facts a link or a candidate needs', () => {
    expect(identityKeys({ names, dateOfBirth: '2019-03-02', nhsNumber: '9434765919', postcode: 'NE61AB' })).toEqual(['nhs:9434765919', 'dob:2019-03-02', 'postcode:NE61AB']);
    expect(identityKeys({ names, ...none, dateOfBirth: '2019-03-02' })).toEqual(['dob:2019-03-02']);
    expect(identityKeys({ names, ...none, postcode: 'NE61AB' })).toEqual(['postcode:NE61AB']);
  });

  it('falls back to every surname (aliases included) with none of them', () => {
    expect(identityKeys({ names: [...names, { first: 'amira', last: 'begum' }], ...none })).toEqual(['last:khan', 'last:begum']);
  });

  it('falls back to first names when no surname is known, and to nothing when there is no name at all', () => {
    expect(identityKeys({ names: [{ first: 'baby', last: '' }], ...none })).toEqual(['first:baby']);
    expect(identityKeys({ names: [], ...none })).toEqual([]);
  });
});
