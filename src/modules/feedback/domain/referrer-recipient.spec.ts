import { looksLikeEmail, referrerRecipient, ReferrerFacts } from './referrer-recipient';

const base: ReferrerFacts = { channel: 'professional', referrerType: 'professional', anonymous: false, referrerEmail: null, submitterEmail: null, submitterIsMashStaff: false };

describe('referrerRecipient (SPEC FB-1, FB-2)', () => {
  it.each<[string, Partial<ReferrerFacts>, ReturnType<typeof referrerRecipient>]>([
    ['professional with an address on the contact', { referrerEmail: 'DSL@School.localhost' }, { audience: 'professional', deliverable: true, email: 'dsl@school.localhost' }],
    ['professional: the submitting account when the contact has none', { submitterEmail: 'me@gp.localhost' }, { audience: 'professional', deliverable: true, email: 'me@gp.localhost' }],
    ['the address on the contact wins over the account', { referrerEmail: 'a@x.localhost', submitterEmail: 'b@x.localhost' }, { audience: 'professional', deliverable: true, email: 'a@x.localhost' }],
    ['MASH staff recording a call: never the worker\'s own address', { channel: 'phone', submitterEmail: 'worker@mash.localhost', submitterIsMashStaff: true }, { audience: 'professional', deliverable: false, reason: 'no_email' }],
    ['public contact with an address', { channel: 'public', referrerType: 'relative', referrerEmail: 'gran@home.localhost' }, { audience: 'public', deliverable: true, email: 'gran@home.localhost' }],
    ['a neighbour phoning the MASH gets the public template', { channel: 'phone', referrerType: 'neighbour', referrerEmail: 'n@home.localhost', submitterIsMashStaff: true }, { audience: 'public', deliverable: true, email: 'n@home.localhost' }],
    ['anonymous public contact', { channel: 'public', referrerType: 'anonymous', anonymous: true }, { audience: 'public', deliverable: false, reason: 'anonymous' }],
    ['anonymous even with an address given', { channel: 'public', referrerType: 'anonymous', anonymous: true, referrerEmail: 'x@y.localhost' }, { audience: 'public', deliverable: false, reason: 'anonymous' }],
    ['public without an address', { channel: 'public', referrerType: 'self', referrerEmail: '  ' }, { audience: 'public', deliverable: false, reason: 'no_email' }],
  ])('%s', (_, facts, expected) => {
    expect(referrerRecipient({ ...base, ...facts })).toEqual(expected);
  });

  it.each([
    ['dsl@school.localhost', true],
    ['a.b+c@sub.example.org', true],
    ['not an address', false],
    ['x@localhost', false],
    ['<x@y.z>', false],
  ])('looksLikeEmail(%s) = %s', (value, ok) => expect(looksLikeEmail(value)).toBe(ok));
});
