import { pageErrors } from '../forms/page-errors';
import { pageTitle } from './page';

export interface SignInInput {
  email: string;
  returnTo?: string | null;
  timedOut?: boolean;
  missingEmail?: boolean;
  missingPassword?: boolean;
  wrongCredentials?: boolean;
}

/** The sign-in page: one message for a wrong e-mail or password, never saying which (no account enumeration). */
export function signInPage(input: SignInInput) {
  const details = [
    ...(input.missingEmail ? [{ field: 'email', rule: 'isNotEmpty', message: 'Enter your e-mail address' }] : []),
    ...(input.missingPassword ? [{ field: 'password', rule: 'isNotEmpty', message: 'Enter your password' }] : []),
    ...(input.wrongCredentials ? [{ field: 'email', rule: 'credentials', message: 'Enter a correct e-mail address and password' }] : []),
  ];
  const errors = pageErrors(details, [
    { field: 'email', input: 'email', label: 'E-mail address' },
    { field: 'password', input: 'password', label: 'Password' },
  ]);
  // The words of these three are the page's own, not a rule's.
  errors.summary = details.map((d) => ({ text: d.message, href: `#${d.field}` }));
  for (const d of details) errors.byInput[d.field] = { text: d.message };
  return {
    title: pageTitle('Sign in', details.length > 0),
    email: input.email,
    returnTo: input.returnTo ?? '',
    timedOut: !!input.timedOut,
    errorSummary: errors.summary,
    errors: errors.byInput,
  };
}
