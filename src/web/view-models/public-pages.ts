import type { RuleBreak } from '../../common/rule-break';
import type { PublicStatusView } from '../../modules/contacts/use-cases/public-tracking.service';
import { pageErrors } from '../forms/page-errors';
import { formatDateTime } from './dates';
import { pageTitle } from './page';

/** The start page (SPEC WEB-2): 999 first, what happens, and no jargon. */
export function startPage() {
  return { title: pageTitle('Tell us about a worry for a child'), heading: 'Tell us about a worry for a child', exitThisPage: true };
}

/** The reference and the tracking token, shown once, with the advice to keep them (SPEC INT-7). */
export function confirmationPage(receipt: { reference: string; trackingToken: string | null; receivedAt: string }) {
  return {
    title: pageTitle('Report sent'),
    reference: receipt.reference,
    trackingToken: receipt.trackingToken,
    receivedAt: formatDateTime(receipt.receivedAt),
    exitThisPage: true,
  };
}

const STAGE_TAGS: Record<string, { text: string; classes: string }> = {
  received: { text: 'Received', classes: 'govuk-tag--blue' },
  being_looked_at: { text: 'Being looked at', classes: 'govuk-tag--yellow' },
  decided: { text: 'Decided', classes: 'govuk-tag--green' },
};

/** The outcome in plain words, as the public template words it (SPEC FB-2): no case detail. */
export function publicStatusPage(view: PublicStatusView) {
  return {
    title: pageTitle('Your report'),
    reference: view.reference,
    tag: STAGE_TAGS[view.status] ?? { text: view.status, classes: 'govuk-tag--grey' },
    paragraphs: view.outcomeSummary.split('\n').filter((p) => p.trim()),
    updatedAt: formatDateTime(view.updatedAt),
    exitThisPage: true,
  };
}

export function checkReportPage(input: { reference: string; missingReference?: boolean; missingToken?: boolean; noMatch?: boolean }) {
  const problems: [string, string][] = [];
  if (input.missingReference) problems.push(['reference', 'Enter the reference, for example MASH-2026-000123']);
  if (input.missingToken) problems.push(['token', 'Enter the tracking code you were given']);
  if (input.noMatch) problems.push(['reference', 'The reference and tracking code do not match a report. Check them and try again']);
  const items = problems.map(([input, text]) => ({ text, href: `#${input}` }));
  const errors: Record<string, { text: string }> = Object.fromEntries(problems.map(([input, text]) => [input, { text }]));
  return { title: pageTitle('Check a report you made', items.length > 0), reference: input.reference, errorSummary: items, errors, exitThisPage: true };
}

export function addInformationPage(input: { action: string; back: string; note: string; exitThisPage: boolean; details?: RuleBreak[] }) {
  const errors = pageErrors(input.details ?? [], [{ field: 'note', input: 'note', label: 'What you want to add' }]);
  return {
    title: pageTitle('Add information', errors.summary.length > 0), action: input.action, backLink: input.back, note: input.note,
    exitThisPage: input.exitThisPage, errorSummary: errors.summary, errors: errors.byInput,
  };
}
