import { requestHash } from './request-hash';

describe('requestHash (SPEC INT-8)', () => {
  it('is the fingerprint stored for the same submission before, whatever the order of its keys', () => {
    const body = { channel: 'professional', subjects: [{ firstName: 'Amy', dateOfBirth: '2019-05-04' }], concerns: [{ code: '2B', harm: 'é "q"' }] };
    const reordered = { concerns: [{ harm: 'é "q"', code: '2B' }], subjects: [{ dateOfBirth: '2019-05-04', firstName: 'Amy' }], channel: 'professional' };
    expect(requestHash('professional', body)).toBe('6178ef7505a871248b6903efe9c144756ccbb1fcd5c9de12132fb90918487e0d');
    expect(requestHash('professional', reordered)).toBe('6178ef7505a871248b6903efe9c144756ccbb1fcd5c9de12132fb90918487e0d');
    expect(requestHash('public', {})).toBe('937340a3be0d41543485de2d91524ac7c731e9c08dc8b30bdc316123da1f3dbd');
  });
});
