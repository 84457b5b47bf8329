import { formatDate, formatDateTime, deadlineWords } from './dates';
import { feedbackWords, sentWords, statusTag } from './my-referrals';
import { pageTitle } from './page';

interface ReferralView {
  id: string;
  reference: string;
  status: string;
  receivedAt: string | null;
  subjects: { id: string; firstName: string | null; lastName: string | null; description: string | null; dateOfBirth: string | null }[];
  concerns: { description: string; addedAt: string | null }[];
  information: { addedAt: string | null; note: string | null }[];
}
interface FeedbackItem {
  id: string;
  kind: string;
  status: string;
  sentAt: Date | string | null;
  createdAt: Date | string;
  decisionId?: string | null;
  content: { subject: string; text: string };
}
interface ChallengeView {
  id: string;
  status: string;
  reason: string;
  outcome: string | null;
  outcomeReason: string | null;
  stage: { label: string; responseDueAt: string | null };
  createdAt: string;
}

export const childLabel = (s: { firstName: string | null; lastName: string | null; description: string | null }, i: number) =>
  [s.firstName, s.lastName].filter(Boolean).join(' ') || s.description || `Child ${i + 1}`;

const OUTCOME_WORDS: Record<string, string> = { upheld: 'Decision upheld', changed: 'Decision changed', not_upheld: 'Challenge not upheld' };

/** One referral: its status, the children, the feedback sent, the challenges with their stage and clock, and a timeline of what was added. */
export function referralDetailPage(contact: ReferralView, feedback: FeedbackItem[], challenges: ChallengeView[], now: Date) {
  return {
    title: pageTitle(`Referral ${contact.reference}`),
    id: contact.id,
    reference: contact.reference,
    tag: statusTag(contact.status),
    receivedAt: contact.receivedAt ? formatDateTime(contact.receivedAt) : '',
    children: contact.subjects.map((s, i) => ({ key: { text: `Child ${i + 1}` }, value: { text: `${childLabel(s, i)}${s.dateOfBirth ? `, born ${formatDate(s.dateOfBirth)}` : ''}` } })),
    feedback: feedback.map((f) => ({
      heading: `${feedbackWords(f.kind)}: ${f.content.subject}`,
      status: `${sentWords(f.status)}${f.sentAt ? ` on ${formatDateTime(f.sentAt)}` : ''}`,
      text: f.content.text,
    })),
    challengeable: feedback.some((f) => f.kind === 'outcome' && f.decisionId),
    challenges: challenges.map((c) => {
      const due = c.status === 'open' && c.stage.responseDueAt ? deadlineWords(c.stage.responseDueAt, now) : null;
      return {
        stage: c.stage.label,
        raised: formatDateTime(c.createdAt),
        reason: c.reason,
        status: c.status === 'open' ? 'Open' : (OUTCOME_WORDS[c.outcome ?? ''] ?? 'Answered'),
        due: c.stage.responseDueAt && c.status === 'open' ? `Answer due by ${formatDateTime(c.stage.responseDueAt)} (${due!.text})` : null,
        overdue: !!due?.overdue,
        outcomeReason: c.outcomeReason,
      };
    }),
    timeline: [
      { label: 'Referral made', at: contact.receivedAt ? formatDateTime(contact.receivedAt) : '', text: contact.concerns[0]?.description ?? '' },
      ...contact.information.map((i) => ({ label: 'Information added', at: i.addedAt ? formatDateTime(i.addedAt) : '', text: i.note ?? '' })),
    ],
  };
}
