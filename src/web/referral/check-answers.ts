import { isoDate } from '../forms/form-values';
import { formatDate } from '../view-models/dates';
import type { ReferralDraft } from './draft';
import { CATEGORY_WORDS, CONSENT_WORDS, EVIDENCE_WORDS, relationshipWords, URGENCY_WORDS, YOU_WORDS } from './referral-pages';
import type { ReferralKind } from './referral-rules';

interface Row {
  key: { text: string };
  value: { html: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Escaped, with the person's own line breaks kept. */
export const multiline = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>');

const row = (key: string, value: string, href: string): Row => ({
  key: { text: key }, value: { html: multiline(value || 'Not given') }, actions: { items: [{ href, text: 'Change', visuallyHiddenText: key.toLowerCase() }] },
});

const dateWords = (iso: string | null) => (iso ? formatDate(iso) : '');

/** The check-your-answers summary lists, one per part, each answer with a link to change it. */
export function checkAnswers(kind: ReferralKind, d: ReferralDraft) {
  const base = kind === 'public' ? '/report' : '/referrals/new';
  const sections: { heading: string; rows: Row[] }[] = [];
  const concernRows = [row('What has happened', d.concern?.description ?? '', `${base}/what-happened`)];
  if (kind === 'professional') concernRows.push(row('What it is about', CATEGORY_WORDS[d.concern?.category ?? ''] ?? '', `${base}/what-happened`));
  concernRows.push(row('When it happened', dateWords(isoDate(d.concern?.incidentDate)), `${base}/what-happened`));
  sections.push({ heading: 'What has happened', rows: concernRows });
  d.children.forEach((c, i) => {
    const href = `${base}/child?n=${i}`;
    sections.push({
      heading: d.children.length > 1 ? `Child ${i + 1}` : 'The child',
      rows: [
        row('Name', [c.firstName, c.lastName].filter(Boolean).join(' '), href), row('Date of birth', dateWords(isoDate(c.dateOfBirth)), href),
        row('Description', c.description, href), row('Address', [c.addressLine1, c.postcode].filter(Boolean).join(', '), href), row('School', c.school, href),
      ],
    });
  });
  if (d.adults.length) {
    sections.push({
      heading: 'Adults in the child’s life',
      rows: d.adults.map((a, i) => row(relationshipWords(a.relationship), [[a.firstName, a.lastName].filter(Boolean).join(' ') || 'Name not known', a.unknownReason].filter(Boolean).join(': '), `${base}/adult?n=${i}`)),
    });
  }
  if (kind === 'public') {
    const you = d.aboutYou;
    sections.push({
      heading: 'About you',
      rows: you?.tellUs === 'yes'
        ? [row('Name', you.name, `${base}/about-you`), row('Phone', you.phone, `${base}/about-you`), row('E-mail', you.email, `${base}/about-you`), row('Who you are', YOU_WORDS[you.relationship] ?? '', `${base}/about-you`)]
        : [row('Who you are', 'Anonymous', `${base}/about-you`)],
    });
  } else {
    const v = d.view;
    sections.push({
      heading: 'Your view',
      rows: [
        row('Child protection referral', v?.isChildProtection === 'yes' ? 'Yes' : v?.isChildProtection === 'no' ? 'No' : '', `${base}/your-view`),
        row('Harm that has happened or is likely', v?.harm ?? '', `${base}/your-view`), row('What should happen', v?.whatShouldHappen ?? '', `${base}/your-view`),
        row('Urgency', URGENCY_WORDS[v?.urgency ?? ''] ?? '', `${base}/your-view`),
        row('Consent', CONSENT_WORDS[d.consent?.status ?? ''] ?? '', `${base}/consent`), row('Reason', d.consent?.reason ?? '', `${base}/consent`),
        row('Evidence held', d.evidence?.type ? `${EVIDENCE_WORDS[d.evidence.type]}, held by ${d.evidence.heldBy}${d.evidence.description ? `: ${d.evidence.description}` : ''}` : 'None', `${base}/evidence`),
      ],
    });
  }
  return sections;
}
