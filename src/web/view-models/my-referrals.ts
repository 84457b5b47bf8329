import type { MyContactItem } from '../../modules/contacts/use-cases/contact-reader.service';
import { formatDateTime } from './dates';
import { pageTitle } from './page';

/** Contact statuses as a referrer reads them, with the GOV.UK tag colour of each. */
export const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  received: { text: 'Received', classes: 'govuk-tag--blue' },
  triaged: { text: 'Graded', classes: 'govuk-tag--light-blue' },
  in_progress: { text: 'Being looked at', classes: 'govuk-tag--yellow' },
  pending_approval: { text: 'Awaiting manager', classes: 'govuk-tag--orange' },
  decided: { text: 'Decided', classes: 'govuk-tag--green' },
  historical: { text: 'Historical', classes: 'govuk-tag--grey' },
};

export const statusTag = (status: string) => STATUS_TAGS[status] ?? { text: status, classes: 'govuk-tag--grey' };

const FEEDBACK_WORDS: Record<string, string> = { acknowledgement: 'Acknowledgement', outcome: 'Outcome' };
const SENT_WORDS: Record<string, string> = { pending: 'waiting to be sent', sending: 'being sent', sent: 'sent', failed: 'not delivered yet', not_possible_anonymous: 'not possible', waived: 'not sent' };

/** "My referrals": each referral with its status and the latest message sent about it. */
export function myReferralsPage(items: MyContactItem[], nextCursor: string | null) {
  return {
    title: pageTitle('My referrals'),
    rows: items.map((i) => {
      const last = i.feedback[i.feedback.length - 1];
      return [
        { html: `<a class="govuk-link" href="/referrals/${i.id}">${i.reference}</a>` },
        { text: formatDateTime(i.receivedAt) },
        { text: String(i.subjectCount) },
        { html: `<strong class="govuk-tag ${statusTag(i.status).classes}">${statusTag(i.status).text}</strong>` },
        { text: last ? `${FEEDBACK_WORDS[last.kind] ?? last.kind}, ${SENT_WORDS[last.status] ?? last.status}` : 'None yet' },
      ];
    }),
    empty: items.length === 0,
    nextHref: nextCursor ? `/referrals?cursor=${encodeURIComponent(nextCursor)}` : null,
  };
}

export const feedbackWords = (kind: string) => FEEDBACK_WORDS[kind] ?? kind;
export const sentWords = (status: string) => SENT_WORDS[status] ?? status;
