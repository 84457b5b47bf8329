/**
 * Whether a message with case content may go to an address, and what goes instead when it may not
 * (SPEC SEC-2: case content only to addresses someone has verified). Pure.
 *
 * Verified: an account's own address (the caller names the account, not the address), an agency's
 * registered address (the caller names the agency), an address MASH staff typed when resending
 * (a person checked it; audited), or an address in a domain an agency allow-lists
 * (`agency.email_domains`). Anything else, e.g. the free text a referrer typed on a form, gets the
 * sign-in notice, which names the reference and nothing of the case.
 */

export type RecipientBasis = 'account' | 'agency' | 'staff_entered' | 'allow_listed_domain' | 'unverified';

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase();
}

/** An address in `domain` or a subdomain of it: `nhs.example` allows `gp.nhs.example`. */
export function inAllowListedDomain(address: string, allowed: readonly string[]): boolean {
  const domain = domainOf(address);
  return allowed.some((d) => {
    const a = d.trim().toLowerCase().replace(/^@/, '');
    return a.length > 0 && (domain === a || domain.endsWith(`.${a}`));
  });
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What an unverified address receives instead of case content: the reference and where to read it. */
export function signInNotice(reference: string): RenderedMail {
  const lines = [
    `There is a message for you from the Multi-Agency Safeguarding Hub (MASH) about reference ${reference}.`,
    '',
    'We do not send its content to this e-mail address, because it is not an address we have verified.',
    'Sign in to the MASH service to read it, or contact the MASH team quoting the reference above.',
    '',
    'If a child is in immediate danger, call 999.',
  ];
  return {
    subject: `A message from the MASH about ${reference}`,
    text: lines.join('\n') + '\n',
    html: `<!doctype html><html><body>${lines.map((l) => (l ? `<p>${escapeHtml(l)}</p>` : '')).join('\n')}</body></html>`,
  };
}
