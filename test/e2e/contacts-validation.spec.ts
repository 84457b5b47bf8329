import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';
import { anonymousPublicContact, dateFromToday, familyContact, simpleContact } from '../factories/contact-bodies';

/** SPEC INT-6, REL-4: every refusal is a 4xx naming the field and the rule; nothing is saved; never a 5xx. */
describe('Contact validation', () => {
  let api: TestApi;
  let auth: string;
  beforeAll(async () => {
    api = await startApi();
    auth = `Bearer ${await api.tokenFor('referrer')}`;
  });
  afterAll(() => api.close());

  const count = () => withDb(async (db) => (await db.query('SELECT (SELECT count(*) FROM contact) + (SELECT count(*) FROM contact_subject) + (SELECT count(*) FROM outbox) AS n')).rows[0].n);
  const withSubject = (s: object) => simpleContact(undefined, { subjects: [{ firstName: 'Kim', ...s }] });
  const withHousehold = (m: object) => simpleContact(undefined, { household: [{ firstName: 'Lee', relationship: 'father', ...m }] });
  const withConcern = (k: object) => simpleContact(undefined, { concerns: [{ category: 'neglect_indicator', description: 'Hungry', ...k }] });

  const rules: [string, number, string, string, object][] = [
    ['a date of birth in the future', 422, 'subjects[0].dateOfBirth', 'INT-6.not-in-future', withSubject({ dateOfBirth: dateFromToday({ days: 1 }) })],
    ['a subject who turned 18 today', 422, 'subjects[0].dateOfBirth', 'INT-3.adult-subject', withSubject({ dateOfBirth: dateFromToday({ years: -18 }) })],
    ['a subject aged 40', 422, 'subjects[0].dateOfBirth', 'INT-3.adult-subject', withSubject({ dateOfBirth: '1986-01-01' })],
    ['an expected delivery date 11 months ahead', 422, 'subjects[0].expectedDeliveryDate', 'INT-3.edd-window', withSubject({ expectedDeliveryDate: dateFromToday({ months: 11 }) })],
    ['an expected delivery date 2 months ago', 422, 'subjects[0].expectedDeliveryDate', 'INT-3.edd-window', withSubject({ expectedDeliveryDate: dateFromToday({ months: -2 }) })],
    ['both a date of birth and an expected delivery date', 422, 'subjects[0].expectedDeliveryDate', 'INT-3.dob-or-edd', withSubject({ dateOfBirth: dateFromToday({ years: -1 }), expectedDeliveryDate: dateFromToday({ months: 2 }) })],
    ['an NHS number with a wrong check digit', 422, 'subjects[0].nhsNumber', 'INT-3.nhs-number', withSubject({ nhsNumber: '943 476 5918' })],
    ['an NHS number of 9 digits', 422, 'subjects[0].nhsNumber', 'INT-3.nhs-number', withSubject({ nhsNumber: '943476591' })],
    ['a household NHS number that fails the check', 422, 'household[0].nhsNumber', 'INT-3.nhs-number', withHousehold({ nhsNumber: '1234567890' })],
    ['a child described by nothing at all', 422, 'subjects[0]', 'INT-6.subject-description', simpleContact(undefined, { subjects: [{ sex: 'F' }] })],
    ['a concern with no text', 422, 'concerns[0].description', 'INT-6.concern-text', withConcern({ description: '   ' })],
    ['a concern without a description', 400, 'concerns[0].description', 'isString', simpleContact(undefined, { concerns: [{ category: 'injury' }] })],
    ['no children', 400, 'subjects', 'arrayMinSize', simpleContact(undefined, { subjects: [] })],
    ['no concerns', 400, 'concerns', 'arrayMinSize', simpleContact(undefined, { concerns: [] })],
    ['a concern about child number 3 of 1', 422, 'concerns[0].subjectIndexes[0]', 'INT-5.subject-index', withConcern({ subjectIndexes: [3] })],
    ['an unknown CIN factor code', 422, 'concerns[0].cinFactorCode', 'INT-5.cin-factor-code', withConcern({ cinFactorCode: '18A' })],
    ['an incident date in the future', 422, 'concerns[0].incidentDate', 'INT-6.not-in-future', withConcern({ incidentDate: dateFromToday({ days: 2 }) })],
    ['an unknown referral source code', 422, 'referralSource', 'INT-2.referral-source', simpleContact(undefined, { referralSource: '11' })],
    ['a household date of birth in the future', 422, 'household[0].dateOfBirth', 'INT-6.not-in-future', withHousehold({ dateOfBirth: dateFromToday({ days: 3 }) })],
    ['an unnamed father with no reason', 422, 'household[0].unknownReason', 'INT-4.unknown-reason', simpleContact(undefined, { household: [{ relationship: 'father' }] })],
    ['an impossible date', 400, 'subjects[0].dateOfBirth', 'calendarDate', withSubject({ dateOfBirth: '2019-02-30' })],
    ['a date before 1900', 400, 'household[0].dateOfBirth', 'calendarDate', withHousehold({ dateOfBirth: '0000-01-01' })],
    ['an unknown field', 400, 'signature', 'unknownProperty', simpleContact(undefined, { signature: 'x' })],
    ['an unknown nested field', 400, 'subjects[0].eyeColour', 'unknownProperty', withSubject({ eyeColour: 'blue' })],
    ['a control character in a name', 400, 'subjects[0].firstName', 'noControlCharacters', withSubject({ firstName: 'Ki\u0007m' })],
    ['a newline in a name', 400, 'subjects[0].lastName', 'noControlCharacters', withSubject({ lastName: 'Smith\nJones' })],
    ['a 10,000-character name', 400, 'subjects[0].firstName', 'maxLength', withSubject({ firstName: 'A'.repeat(10_000) })],
    ['an unknown relationship', 400, 'household[0].relationship', 'isIn', withHousehold({ relationship: 'uncle-ish' })],
    ['an unknown urgency', 400, 'referrerView.urgency', 'isIn', simpleContact(undefined, { referrerView: { urgency: 'asap' } })],
  ];

  it.each(rules)('%s: %i naming %s (%s), nothing saved', async (_what, status, field, rule, body) => {
    const before = await count();
    const res = await api.http.post('/api/v1/contacts').set('Authorization', auth).send(body);
    expect(res.status).toBe(status);
    expect(res.body.details).toContainEqual(expect.objectContaining({ field, rule, message: expect.any(String) }));
    expect(await count()).toBe(before);
  });

  it('the age message says the person is 18 or over; 17 years 364 days is still a child', async () => {
    const adult = await api.http.post('/api/v1/contacts').set('Authorization', auth).send(withSubject({ dateOfBirth: dateFromToday({ years: -18 }) }));
    expect(adult.body.details[0].message).toMatch(/18 or over/);
    const child = await api.http.post('/api/v1/contacts').set('Authorization', auth).send(withSubject({ dateOfBirth: dateFromToday({ years: -18, days: 1 }) }));
    expect(child.status).toBe(201);
  });

  it('never requires consent, a signature, a referrer or any optional field; a child with only a description is enough', async () => {
    const res = await api.http.post('/api/v1/contacts').set('Authorization', auth).send({
      channel: 'professional', subjects: [{ description: 'Boy of about 8 seen at the bus stop every night' }], concerns: [{ category: 'other', description: 'Out alone late' }],
    });
    expect(res.status).toBe(201);
    const edd = await api.http.post('/api/v1/contacts').set('Authorization', auth).send(withSubject({ expectedDeliveryDate: dateFromToday({ months: -1 }) }));
    expect(edd.status).toBe(201); // up to a month overdue is accepted
  });

  it('reports every broken rule at once', async () => {
    const body = familyContact();
    body.subjects[0].dateOfBirth = dateFromToday({ days: 5 });
    body.subjects[1].nhsNumber = '0000000001';
    body.concerns[0].cinFactorCode = 'ZZ';
    const res = await api.http.post('/api/v1/contacts').set('Authorization', auth).send(body);
    expect(res.status).toBe(422);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['subjects[0].dateOfBirth', 'subjects[1].nhsNumber', 'concerns[0].cinFactorCode']);
  });

  const long = 'x'.repeat(10_001);
  const malformed: [string, unknown][] = [
    ['a string', 'hello'], ['a number', 42], ['null', null], ['an array', [1, 2]], ['an empty object', {}],
    ['subjects as a string', { ...simpleContact(), subjects: 'Amy' }], ['subjects as an object', { ...simpleContact(), subjects: { firstName: 'A' } }],
    ['subjects of numbers', { ...simpleContact(), subjects: [1, 2] }], ['subjects of nulls', { ...simpleContact(), subjects: [null] }],
    ['subjects of arrays', { ...simpleContact(), subjects: [[]] }], ['subjects missing', { ...simpleContact(), subjects: undefined }],
    ['concerns missing', { ...simpleContact(), concerns: undefined }], ['concerns of strings', { ...simpleContact(), concerns: ['bad'] }],
    ['channel missing', { ...simpleContact(), channel: undefined }], ['channel a number', { ...simpleContact(), channel: 7 }],
    ['channel public', { ...simpleContact(), channel: 'public' }], ['channel an object', { ...simpleContact(), channel: { a: 1 } }],
    ['first name a number', withSubject({ firstName: 12 })], ['first name an object', withSubject({ firstName: { $gt: '' } })],
    ['first name an array', withSubject({ firstName: ['a'] })], ['first name with NUL', withSubject({ firstName: 'a\u0000b' })],
    ['last name with ESC', withSubject({ lastName: '\u001b[31mred' })], ['aliases a string', withSubject({ aliases: 'Al' })],
    ['aliases of numbers', withSubject({ aliases: [1] })], ['aliases too many', withSubject({ aliases: Array(11).fill('A') })],
    ['dateOfBirth a number', withSubject({ dateOfBirth: 20190101 })], ['dateOfBirth in words', withSubject({ dateOfBirth: 'last tuesday' })],
    ['dateOfBirth with time', withSubject({ dateOfBirth: '2019-01-01T00:00:00Z' })], ['dateOfBirth month 13', withSubject({ dateOfBirth: '2019-13-01' })],
    ['dateOfBirth year 99999', withSubject({ dateOfBirth: '99999-01-01' })], ['EDD garbage', withSubject({ expectedDeliveryDate: '2026-xx-01' })],
    ['sex lowercase', withSubject({ sex: 'f' })], ['sex a boolean', withSubject({ sex: true })], ['nhs number a number', withSubject({ nhsNumber: 9434765919 })],
    ['nhs number with letters', withSubject({ nhsNumber: '94347A5919' })], ['address a string', withSubject({ address: '4 Mill Lane' })],
    ['address type unknown', withSubject({ address: { type: 'castle' } })], ['address with junk', withSubject({ address: { line1: 'x', __proto__: { admin: true }, evil: 1 } })],
    ['interpreterNeeded a string', withSubject({ interpreterNeeded: 'yes' })], ['household a string', { ...simpleContact(), household: 'mum' }],
    ['household without relationship', { ...simpleContact(), household: [{ firstName: 'A' }] }], ['knownRisks unknown', withHousehold({ knownRisks: ['dragons'] })],
    ['knownRisks a string', withHousehold({ knownRisks: 'violence' })], ['resident a number', withHousehold({ resident: 1 })],
    ['concern category unknown', withConcern({ category: 'bad vibes' })], ['concern description a number', withConcern({ description: 5 })],
    ['concern description 10k+', withConcern({ description: long })], ['subjectIndexes negative', withConcern({ subjectIndexes: [-1] })],
    ['subjectIndexes fractional', withConcern({ subjectIndexes: [0.5] })], ['subjectIndexes strings', withConcern({ subjectIndexes: ['0'] })],
    ['subjectIndexes duplicate', withConcern({ subjectIndexes: [0, 0] })], ['incidentDate nonsense', withConcern({ incidentDate: '31/12/2025' })],
    ['cinFactorCode too long', withConcern({ cinFactorCode: 'ABCDEFG' })], ['evidence a string', { ...simpleContact(), evidence: 'photo' }],
    ['evidence type unknown', { ...simpleContact(), evidence: [{ type: 'hologram', heldBy: 'me' }] }], ['evidence without holder', { ...simpleContact(), evidence: [{ type: 'photo' }] }],
    ['consent without status', { ...simpleContact(), consent: { reason: 'x' } }], ['consent status unknown', { ...simpleContact(), consent: { status: 'maybe' } }],
    ['referrerView a list', { ...simpleContact(), referrerView: [] }], ['isChildProtection a string', { ...simpleContact(), referrerView: { isChildProtection: 'true' } }],
    ['referrer a string', { ...simpleContact(), referrer: 'Ms Smith' }], ['referrer name 10k', { ...simpleContact(), referrer: { name: long } }],
    ['referralSource a number', { ...simpleContact(), referralSource: 6 }], ['referralSource too long', { ...simpleContact(), referralSource: 'ABCD' }],
    ['deeply nested junk', { ...simpleContact(), subjects: [{ firstName: 'A', address: { line1: { a: { b: { c: [1, { d: 2 }] } } } } }] }],
    ['21 subjects', { ...simpleContact(), subjects: Array.from({ length: 21 }, (_, i) => ({ firstName: `C${i}` })) }],
    ['prototype pollution with junk', JSON.parse('{"channel":"professional","__proto__":{"isAdmin":true},"subjects":[{"firstName":"A","x":1}],"concerns":[{"category":"other","description":"x"}]}')],
  ];

  it(`never answers a malformed body with a 5xx, and saves nothing (${malformed.length} bodies, both endpoints)`, async () => {
    expect(malformed.length).toBeGreaterThanOrEqual(50);
    const before = await count();
    const answers: string[] = [];
    for (const [what, body] of malformed) {
      // The public form has no channel: bodies about the channel are only malformed for the professional one.
      for (const url of what.startsWith('channel') ? ['/api/v1/contacts'] : ['/api/v1/contacts', '/api/v1/public/contacts']) {
        const req = api.http.post(url).set('Content-Type', 'application/json');
        const res = await (url === '/api/v1/contacts' ? req.set('Authorization', auth) : req).send(JSON.stringify(body));
        answers.push(`${res.status} ${url} ${what}`);
        expect(res.status >= 400 && res.status < 500 ? 'a 4xx' : `${res.status} for ${what} at ${url}`).toBe('a 4xx');
        expect(res.body.statusCode).toBe(res.status);
      }
    }
    expect(answers.filter((a) => a.startsWith('2'))).toEqual([]);
    expect(await count()).toBe(before);
  });

  it.each(['__proto__', 'constructor'])('a %s key pollutes nothing and is never a 5xx (the global pipe drops these keys; see the intake note)', async (key) => {
    const body = `{"channel":"professional","${key}":{"isAdmin":true,"prototype":{"isAdmin":true}},"subjects":[{"firstName":"A"}],"concerns":[{"category":"other","description":"x"}]}`;
    const res = await api.http.post('/api/v1/contacts').set('Authorization', auth).set('Content-Type', 'application/json').send(body);
    expect(res.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('the public form applies the same rules', async () => {
    const before = await count();
    const res = await api.http.post('/api/v1/public/contacts').send({ ...anonymousPublicContact(), subjects: [{ firstName: 'Jo', dateOfBirth: '2001-01-01' }] });
    expect(res.status).toBe(422);
    expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'subjects[0].dateOfBirth', rule: 'INT-3.adult-subject' }));
    expect(await count()).toBe(before);
  });
});
