import type { RuleBreak } from '../../common/rule-break';
import { pageTitle } from '../view-models/page';

const WORDS: Record<string, string> = {
  'password:isNotEmpty': 'Enter a password',
  'password:minLength': 'Your password must be at least 12 characters',
  'password:maxLength': 'Your password must be 200 characters or fewer',
  'password:isString': 'Enter a password',
  'confirmPassword:matches': 'The passwords do not match',
};

/** Choose a password: the token is carried in a hidden field; a link that does not work says so, and what to do. */
export function passwordPage(token: string, details: RuleBreak[] = [], linkNotValid = false) {
  const seen = new Set<string>();
  const errors = details.filter((d) => !seen.has(d.field) && seen.add(d.field)).map((d) => ({ field: d.field, text: WORDS[`${d.field}:${d.rule}`] ?? d.message }));
  return {
    title: pageTitle(linkNotValid || !token ? 'This link does not work' : 'Choose a password', errors.length > 0),
    token,
    linkNotValid: linkNotValid || !token,
    errorSummary: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
    errors: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
  };
}
