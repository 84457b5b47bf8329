/**
 * The printable chronology (SPEC PPL-5): one HTML page a conference chair prints or saves as PDF from
 * the browser. Every printed page carries the protective marking and the child's reference in its
 * header (the table header repeats on each page, and the @page margin boxes where the browser has
 * them). No script, no external resource: it prints the same offline. Pure: no Nest, no TypeORM.
 */
import { ChronologyEvent, UNKNOWN_AGENCY } from './chronology';

export const PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE';

export interface PrintableChronology {
  child: { reference: string; firstName: string | null; lastName: string | null; dateOfBirth: string | null };
  view: string;
  scope: string;
  generatedAt: Date;
  events: ChronologyEvent[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (v: string | null | undefined) => (v ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A date as a conference reads it: 05/12/2026, with the time when the event has one (UK time). */
function when(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso.split('-').reverse().join('/');
  const d = new Date(iso);
  return d.toLocaleString('en-GB', { timeZone: 'Europe/London', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function chronologyHtml(c: PrintableChronology): string {
  const ref = escapeHtml(c.child.reference);
  const name = escapeHtml([c.child.firstName, c.child.lastName].filter(Boolean).join(' ') || 'Name not known');
  const heading = `${PROTECTIVE_MARKING} &middot; Chronology &middot; Child reference ${ref}`;
  const rows = c.events
    .map(
      (e) => `<tr${e.keyEvent ? ' class="key"' : ''}>
  <td>${escapeHtml(when(e.eventDate))}</td><td>${escapeHtml(when(e.recordedAt))}</td><td>${escapeHtml(e.sourceAgency ?? UNKNOWN_AGENCY)}</td>
  <td>${e.keyEvent ? 'Key' : ''}</td><td>${escapeHtml(e.summary)}</td><td>${escapeHtml(e.reference)}</td>
</tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${PROTECTIVE_MARKING} - Chronology - ${ref}</title>
<style>
  body { font-family: Arial, sans-serif; font-size: 12pt; color: #0b0c0c; margin: 1.5em; }
  .marking { font-weight: bold; text-align: center; letter-spacing: 0.05em; }
  h1 { font-size: 18pt; margin: 0.5em 0 0.2em; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; margin: 0 0 1em; }
  dt { font-weight: bold; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #b1b4b6; padding: 0.3em 0.4em; text-align: left; vertical-align: top; }
  thead th { background: #f3f2f1; }
  thead tr.page-header th { background: none; border: none; text-align: center; font-weight: bold; }
  tr.key td { font-weight: bold; }
  @page { size: A4 landscape; margin: 18mm 12mm; @top-center { content: "${PROTECTIVE_MARKING} \\00b7  Child reference ${ref.replace(/"/g, '')}"; font: bold 10pt Arial, sans-serif; } @bottom-center { content: "${PROTECTIVE_MARKING} \\00b7  page " counter(page) " of " counter(pages); font: 10pt Arial, sans-serif; } }
  @media print {
    body { margin: 0; font-size: 10pt; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; }
    .screen-only { display: none; }
  }
</style>
</head>
<body>
<p class="marking">${PROTECTIVE_MARKING}</p>
<h1>Chronology</h1>
<dl>
  <dt>Child reference</dt><dd>${ref}</dd>
  <dt>Name</dt><dd>${name}</dd>
  <dt>Date of birth</dt><dd>${escapeHtml(c.child.dateOfBirth ? when(c.child.dateOfBirth) : 'Not known')}</dd>
  <dt>View</dt><dd>${escapeHtml(c.view)} (${escapeHtml(c.scope)})</dd>
  <dt>Generated</dt><dd>${escapeHtml(when(c.generatedAt.toISOString()))} from the records of each service; key events in bold</dd>
</dl>
<p class="screen-only">Print this page or save it as PDF from the browser: each page carries the marking and the child's reference.</p>
<table>
<thead>
<tr class="page-header"><th colspan="6">${heading}</th></tr>
<tr><th scope="col">Event date</th><th scope="col">Recorded</th><th scope="col">Source agency</th><th scope="col">Key</th><th scope="col">What happened</th><th scope="col">Contact</th></tr>
</thead>
<tbody>
${rows || '<tr><td colspan="6">No events recorded.</td></tr>'}
</tbody>
</table>
<p class="marking">${PROTECTIVE_MARKING}</p>
</body>
</html>
`;
}
