import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONCERN_CATEGORIES } from '../../contacts/domain/contact-vocabulary';
import { validateHistoryConfig, validateMatchingConfig } from './people-config';

const dir = join(__dirname, '../../../../config');
const vocab = { concernCategories: CONCERN_CATEGORIES, decisionOutcomes: ['nfa', 'cin_assessment', 'strategy_discussion', 'immediate_protection'], childLevels: ['universal', 'child_protection', 'looked_after'] };
const read = (f: string) => parse(readFileSync(join(dir, f), 'utf8'));
/** A parsed YAML document, changed in place by each case. */
type Raw = ReturnType<typeof read>;

describe('config/people-*.yaml validation', () => {
  it('accepts the shipped files', () => {
    expect(validateMatchingConfig(read('people-matching.yaml')).thresholds.autoLink).toBeGreaterThan(0);
    expect(validateHistoryConfig(read('people-history.yaml'), vocab).flags.repeatContacts.count).toBe(3);
  });

  it.each<[string, (c: Raw) => void, RegExp]>([
    ['a threshold above 1', (c) => (c.thresholds.autoLink = 1.5), /thresholds\.autoLink: must be a number from 0 to 1/],
    ['candidate not below autoLink', (c) => (c.thresholds.candidate = 0.95), /thresholds\.candidate: must be below thresholds\.autoLink/],
    ['a missing weight', (c) => delete c.weights.postcode.exact, /weights\.postcode\.exact: must be a number/],
    ['an unknown setting', (c) => (c.autoLinkk = 1), /matching\.autoLinkk: is not a known setting/],
  ])('refuses people-matching.yaml with %s', (_, change, message) => {
    const raw = read('people-matching.yaml');
    change(raw);
    expect(() => validateMatchingConfig(raw)).toThrow(message);
  });

  it.each<[string, (c: Raw) => void, RegExp]>([
    ['an unknown concern category', (c) => c.flags.daNotifications.categories.push('da_incidnet'), /flags\.daNotifications\.categories: unknown value\(s\) da_incidnet/],
    ['a count of zero', (c) => (c.flags.repeatContacts.count = 0), /flags\.repeatContacts\.count: must be a whole number from 1/],
    ['a missing flag', (c) => delete c.flags.siblingCpPlan, /flags\.siblingCpPlan: must be a mapping/],
    ['an unknown outcome', (c) => (c.flags.recontactAfterClosure.outcomes = ['closed']), /outcomes: unknown value\(s\) closed/],
  ])('refuses people-history.yaml with %s', (_, change, message) => {
    const raw = read('people-history.yaml');
    change(raw);
    expect(() => validateHistoryConfig(raw, vocab)).toThrow(message);
  });
});
