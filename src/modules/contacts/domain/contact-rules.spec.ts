import type { ContactInput } from './contact-input';
import { checkContact, RuleContext } from './contact-rules';

const ctx: RuleContext = {
  contactDate: '2026-11-22', kind: 'professional', referralSources: new Set(['1A', '1B', '1C', '1D', '2A', '6', '9']), cinFactorCodes: new Set(['18C', '3A']),
};
const base = (): ContactInput => ({ subjects: [{ firstName: 'Amy', dateOfBirth: '2019-05-04' }], concerns: [{ description: 'Bruises' }] });
const rules = (input: ContactInput, c: Partial<RuleContext> = {}) => checkContact(input, { ...ctx, ...c }).map((b) => `${b.field} ${b.rule}`);

describe('contact rules (SPEC INT-3 to INT-6)', () => {
  it.each<[string, (i: ContactInput) => void, Partial<RuleContext>, string[]]>([
    ['a complete contact', () => undefined, {}, []],
    ['no consent, no referrer, no optional fields: still fine', (i) => (i.subjects = [{ description: 'boy at the bus stop' }]), {}, []],
    ['DOB tomorrow', (i) => (i.subjects[0].dateOfBirth = '2026-11-23'), {}, ['subjects[0].dateOfBirth INT-6.not-in-future']],
    ['DOB today', (i) => (i.subjects[0].dateOfBirth = '2026-11-22'), {}, []],
    ['18 today', (i) => (i.subjects[0].dateOfBirth = '2008-11-22'), {}, ['subjects[0].dateOfBirth INT-3.adult-subject']],
    ['17 years 364 days', (i) => (i.subjects[0].dateOfBirth = '2008-11-23'), {}, []],
    ['EDD 10 months ahead', (i) => (i.subjects[0] = { lastName: 'X', expectedDeliveryDate: '2027-09-22' }), {}, []],
    ['EDD 10 months and a day ahead', (i) => (i.subjects[0] = { lastName: 'X', expectedDeliveryDate: '2027-09-23' }), {}, ['subjects[0].expectedDeliveryDate INT-3.edd-window']],
    ['EDD a month ago', (i) => (i.subjects[0] = { lastName: 'X', expectedDeliveryDate: '2026-10-22' }), {}, []],
    ['EDD a month and a day ago', (i) => (i.subjects[0] = { lastName: 'X', expectedDeliveryDate: '2026-10-21' }), {}, ['subjects[0].expectedDeliveryDate INT-3.edd-window']],
    ['DOB and EDD', (i) => (i.subjects[0].expectedDeliveryDate = '2027-01-01'), {}, ['subjects[0].expectedDeliveryDate INT-3.dob-or-edd']],
    ['nothing about the child', (i) => (i.subjects[0] = { aliases: ['  '] }), {}, ['subjects[0] INT-6.subject-description']],
    ['a postcode is enough', (i) => (i.subjects[0] = { address: { postcode: 'NN1 2AB' } }), {}, []],
    ['blank concern', (i) => (i.concerns[0].description = ' \n '), {}, ['concerns[0].description INT-6.concern-text']],
    ['bad NHS number', (i) => (i.subjects[0].nhsNumber = '9434765918'), {}, ['subjects[0].nhsNumber INT-3.nhs-number']],
    ['unknown factor code', (i) => (i.concerns[0].cinFactorCode = '18A'), {}, ['concerns[0].cinFactorCode INT-5.cin-factor-code']],
    ['known factor code', (i) => (i.concerns[0].cinFactorCode = '18C'), {}, []],
    ['incident tomorrow', (i) => (i.concerns[0].incidentDate = '2026-11-23'), {}, ['concerns[0].incidentDate INT-6.not-in-future']],
    ['subject index out of range', (i) => (i.concerns[0].subjectIndexes = [0, 1]), {}, ['concerns[0].subjectIndexes[1] INT-5.subject-index']],
    ['subject index repeated', (i) => (i.concerns[0].subjectIndexes = [0, 0]), {}, ['concerns[0].subjectIndexes[1] INT-5.subject-index']],
    ['unknown referral source', (i) => (i.referralSource = '11'), {}, ['referralSource INT-2.referral-source']],
    ['public with a professional source', (i) => (i.referralSource = '2A'), { kind: 'public' }, ['referralSource INT-2.public-referral-source']],
    ['public anonymous source', (i) => (i.referralSource = '9'), { kind: 'public' }, []],
    ['unnamed father, professional', (i) => (i.household = [{}]), {}, ['household[0].unknownReason INT-4.unknown-reason']],
    ['unnamed father with a reason', (i) => (i.household = [{ unknownReason: 'Mother will not say' }]), {}, []],
    ['unnamed adult, public', (i) => (i.household = [{}]), { kind: 'public' }, []],
    ['household DOB in the future', (i) => (i.household = [{ firstName: 'A', dateOfBirth: '2027-01-01' }]), {}, ['household[0].dateOfBirth INT-6.not-in-future']],
  ])('%s', (_what, change, c, expected) => {
    const input = base();
    change(input);
    expect(rules(input, c)).toEqual(expected);
  });

  it('every break names the field, the rule and says what to do', () => {
    const input = base();
    input.subjects[0].dateOfBirth = '2001-01-01';
    const [only] = checkContact(input, ctx);
    expect(only).toEqual({ field: 'subjects[0].dateOfBirth', rule: 'INT-3.adult-subject', message: expect.stringMatching(/18 or over/) });
  });
});
