import type { NotifyAudience } from './notify-audience';

export interface AcceptanceFacts {
  contactReference: string;
  childInitials: string;
  childDateOfBirth: string | null;
  leadProfessionalName: string;
  leadProfessionalEmail: string | null;
  receivingAgencyName: string | null;
  acceptedAt: Date;
}

const GREETING: Record<NotifyAudience, string> = {
  gp: 'To the GP practice',
  school_setting: 'To the school or setting',
  referrer: 'To the referrer',
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The "who is the lead professional" message (SPEC STEP-2, TRI 7.4: agencies must be clear on the
 * status of every case). Identifies the child by contact reference, initials and date of birth only.
 */
export function acceptanceMessage(audience: NotifyAudience, f: AcceptanceFacts): { subject: string; text: string; html: string } {
  const child = `${f.childInitials}${f.childDateOfBirth ? `, born ${f.childDateOfBirth}` : ''}`;
  const lead = `${f.leadProfessionalName}${f.receivingAgencyName ? `, ${f.receivingAgencyName}` : ''}${f.leadProfessionalEmail ? ` (${f.leadProfessionalEmail})` : ''}`;
  const lines = [
    GREETING[audience],
    '',
    `Contact ${f.contactReference} (child ${child}) has been stepped down to early help, and the lead professional accepted it on ${f.acceptedAt.toISOString().slice(0, 10)}.`,
    `Lead professional: ${lead}.`,
    'Please share any new concern with the lead professional, and contact the MASH at once if you think the child is at risk of significant harm.',
  ];
  return {
    subject: `Early help lead professional for contact ${f.contactReference}`,
    text: lines.join('\n'),
    html: lines.map((l) => (l ? `<p>${escapeHtml(l)}</p>` : '')).join(''),
  };
}

/** "Amy Family" -> "A.F."; unknown names give "unnamed". */
export function initials(first: string | null, last: string | null): string {
  const parts = [first, last].map((p) => p?.trim()?.[0]?.toUpperCase()).filter(Boolean);
  return parts.length ? parts.map((p) => `${p}.`).join('') : 'unnamed';
}
