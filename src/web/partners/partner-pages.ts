import type { RuleBreak } from '../../common/rule-break';
import type { CheckPartnerView } from '../../modules/checks/check-views';
import type { StepDownView } from '../../modules/step-downs/step-down-view';
import { pageErrors } from '../forms/page-errors';
import { deadlineWords, formatDate, formatDateTime } from '../view-models/dates';
import { pageTitle } from '../view-models/page';

/** Police pages live under /police, the other partner agencies' under /agency: the same pages, each area's own links. */
export type Area = 'police' | 'agency';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const link = (href: string, text: string) => `<a class="govuk-link" href="${esc(href)}">${esc(text)}</a>`;

export const CHECK_STATUS_WORDS: Record<string, string> = { requested: 'To answer', returned: 'Answered', declined: 'Declined', unable: 'Unable to answer', waived: 'No longer needed' };
export const CHECK_TYPE_WORDS: Record<string, string> = {
  police: 'Police check', gp: 'GP check', health_visitor: 'Health visitor check', midwife: 'Midwife check', school_nurse: 'School nurse check', school: 'School check',
  adult_mental_health: 'Adult mental health check', substance_misuse: 'Substance misuse check', probation: 'Probation check', housing: 'Housing check', other_la: 'Other local authority check',
};
export const STRATEGY_STATUS_WORDS: Record<string, string> = { requested: 'Requested', convened: 'Arranged', declined: 'Declined', held: 'Held' };
const URGENCY_WORDS: Record<string, string> = { routine: 'Routine', urgent: 'Urgent', immediate_risk: 'Immediate risk to the child' };
const MODE_WORDS: Record<string, string> = { in_person: 'In person', phone: 'Phone', video: 'Video' };
const ATTENDANCE_WORDS: Record<string, string> = { attended: 'Attended', written_contribution: 'Written contribution', absent: 'Absent', apologies: 'Apologies' };
export const STEP_DOWN_STATUS_WORDS: Record<string, string> = { pending_acceptance: 'Waiting for you', accepted: 'Accepted', rejected: 'Declined', requeued: 'Returned to the MASH', consent_declined: 'Family declined early help' };
const tagClass = (s: string) => (['requested', 'pending_acceptance'].includes(s) ? 'govuk-tag--yellow' : ['declined', 'rejected', 'unable'].includes(s) ? 'govuk-tag--red' : ['returned', 'accepted', 'held'].includes(s) ? 'govuk-tag--green' : 'govuk-tag--grey');
const tag = (s: string, words: Record<string, string>) => `<strong class="govuk-tag ${tagClass(s)}">${esc(words[s] ?? s)}</strong>`;
const person = (p: { firstName: string | null; lastName: string | null }) => [p.firstName, p.lastName].filter(Boolean).join(' ') || 'Name not known';
const born = (d: string | null, edd?: string | null) => (d ? `born ${formatDate(d)}` : edd ? `unborn, due ${formatDate(edd)}` : 'date of birth not known');

/** The home page of the area: what is waiting. */
export function areaHomePage(area: Area, counts: { checks: number; strategy: number; stepDowns?: number }) {
  const base = `/${area}`;
  return {
    title: pageTitle(area === 'police' ? 'Police' : 'Partner agency'),
    heading: area === 'police' ? 'Police: the MASH' : 'Your agency: the MASH',
    rows: [
      ...(area === 'police' ? [{ key: { text: 'Domestic abuse notification' }, value: { html: link(`${base}/notifications/new`, 'Send a domestic abuse notification') } }] : []),
      { key: { text: 'Checks to answer' }, value: { html: link(`${base}/checks`, `${counts.checks} waiting`) } },
      { key: { text: 'Strategy discussions' }, value: { html: link(`${base}/strategy-discussions`, `${counts.strategy} requested by you or invitations`) } },
      ...(counts.stepDowns !== undefined ? [{ key: { text: 'Step-downs offered to you' }, value: { html: link(`${base}/step-downs`, `${counts.stepDowns} waiting`) } }] : []),
    ],
  };
}

/** The checks inbox of the caller's agency (SPEC CHK-1): what is asked, about whom, by when. */
export function checksInboxPage(area: Area, checks: CheckPartnerView[], now: Date) {
  const row = (c: CheckPartnerView) => [
    { html: link(`/${area}/checks/${c.id}`, CHECK_TYPE_WORDS[c.checkType] ?? c.checkType) },
    { text: [...c.children.map(person), ...c.adults.map(person)].join(', ') || 'Not named' },
    { text: formatDateTime(c.requestedAt) },
    { text: c.status === 'requested' ? `${formatDateTime(c.dueAt)} (${deadlineWords(c.dueAt, now).text})` : formatDateTime(c.dueAt) },
    { html: tag(c.status, CHECK_STATUS_WORDS) },
  ];
  const waiting = checks.filter((c) => c.status === 'requested');
  const done = checks.filter((c) => c.status !== 'requested');
  return { title: pageTitle('Checks to answer'), waiting: waiting.map(row), done: done.map(row), area };
}

export interface CheckAnswers { status?: string; summary?: string; reason?: string }

/** One check: the question, the people it is about, and the answer form (returned, declined or unable with a reason). */
export function checkPage(area: Area, c: CheckPartnerView, answers: CheckAnswers, now: Date, details: RuleBreak[] = []) {
  const errors = pageErrors(details, [{ field: 'status', input: 'status', label: 'Your answer' }, { field: 'summary', input: 'summary', label: 'What your agency knows' }, { field: 'reason', input: 'reason', label: 'The reason' }]);
  return {
    title: pageTitle(CHECK_TYPE_WORDS[c.checkType] ?? 'Check', errors.summary.length > 0),
    heading: CHECK_TYPE_WORDS[c.checkType] ?? 'Check', backLink: `/${area}/checks`, action: `/${area}/checks/${c.id}`,
    errorSummary: errors.summary, errors: errors.byInput,
    rows: [
      { key: { text: 'Status' }, value: { html: tag(c.status, CHECK_STATUS_WORDS) } },
      { key: { text: 'Why we ask' }, value: { text: c.reason } },
      { key: { text: 'Lawful basis' }, value: { text: c.lawfulBasis } },
      { key: { text: 'Asked' }, value: { text: formatDateTime(c.requestedAt) } },
      { key: { text: 'Answer by' }, value: { text: `${formatDateTime(c.dueAt)}${c.status === 'requested' ? ` (${deadlineWords(c.dueAt, now).text})` : ''}` } },
    ],
    questions: c.questions,
    people: [...c.children.map((p) => ({ name: person(p), about: `Child, ${born(p.dateOfBirth, p.expectedDeliveryDate)}` })), ...c.adults.map((p) => ({ name: person(p), about: `Adult (${p.relationship.replace(/_/g, ' ')}), ${born(p.dateOfBirth)}` }))],
    open: c.status === 'requested',
    response: c.response ? { summary: c.response.summary, reason: c.response.reason, at: c.response.respondedAt ? formatDateTime(c.response.respondedAt) : '' } : null,
    statusItems: [
      { value: 'returned', text: 'Answer the check', checked: answers.status === 'returned' },
      { value: 'declined', text: 'Decline to answer', hint: { text: 'Give the reason, for example no lawful basis to share' }, checked: answers.status === 'declined' },
      { value: 'unable', text: 'Unable to answer', hint: { text: 'Give the reason, for example the person is not known to us' }, checked: answers.status === 'unable' },
    ],
    summary: answers.summary ?? '', reason: answers.reason ?? '',
  };
}

type StrategyItem = { id: string; status: string; urgency: string; requestedAt: string; requestedByMe: boolean; scheduledAt: string | null; minutesDistributedAt: string | null };

/** Strategy discussions the caller requested, and the ones they (or their agency) are invited to (SPEC STR-1, STR-3). */
export function strategyListPage(area: Area, items: StrategyItem[]) {
  const row = (d: StrategyItem) => [
    { html: link(`/${area}/strategy-discussions/${d.id}`, `Requested ${formatDateTime(d.requestedAt)}`) },
    { text: URGENCY_WORDS[d.urgency] ?? d.urgency },
    { html: tag(d.status, STRATEGY_STATUS_WORDS) },
    { text: d.scheduledAt ? formatDateTime(d.scheduledAt) : 'Not arranged' },
    { text: d.minutesDistributedAt ? `Sent ${formatDateTime(d.minutesDistributedAt)}` : 'Not sent' },
  ];
  return { title: pageTitle('Strategy discussions'), area, requested: items.filter((d) => d.requestedByMe).map(row), invitations: items.filter((d) => !d.requestedByMe).map(row) };
}

interface LimitedStrategy {
  id: string; status: string; child: { name: string; dateOfBirth: string | null };
  request: { urgency: string; requestedAt: string | null; reason?: string };
  scheduledAt: string | null; mode: string | null; chair: string | null;
  invitees: { agencyName: string | null; name: string | null; invited: boolean; attendance: string | null }[];
  decline: null | { declinedAt: string | null; reason: string | null; agenciesConsulted: { name: string | null }[]; alternativePlan: string | null; challengeRoute: { title: string; url: string; version: string } };
  minutes: null | { distributedAt: string | null; text: string | null };
}

/** One discussion: its state; a decline with its reason and the route to challenge it; the invitees; the minutes, or "not received". */
export function strategyDetailPage(area: Area, d: LimitedStrategy, opts: { invited: boolean; challengeReason?: string; notReceivedNote?: string }, details: RuleBreak[] = []) {
  const errors = pageErrors(details, [{ field: 'reason', input: 'challengeReason', label: 'Why you disagree' }, { field: 'targetId', input: 'challengeReason', label: 'The decline' }, { field: 'note', input: 'note', label: 'What happened' }]);
  return {
    title: pageTitle('Strategy discussion', errors.summary.length > 0), backLink: `/${area}/strategy-discussions`,
    errorSummary: errors.summary, errors: errors.byInput,
    child: d.child.name, statusTag: tag(d.status, STRATEGY_STATUS_WORDS), status: d.status,
    rows: [
      { key: { text: 'Child' }, value: { text: `${d.child.name}${d.child.dateOfBirth ? `, born ${formatDate(d.child.dateOfBirth)}` : ''}` } },
      { key: { text: 'Status' }, value: { html: tag(d.status, STRATEGY_STATUS_WORDS) } },
      { key: { text: 'Requested' }, value: { text: d.request.requestedAt ? formatDateTime(d.request.requestedAt) : '' } },
      { key: { text: 'Urgency' }, value: { text: URGENCY_WORDS[d.request.urgency] ?? d.request.urgency } },
      ...(d.request.reason ? [{ key: { text: 'Why it was requested' }, value: { text: d.request.reason } }] : []),
      ...(d.scheduledAt ? [{ key: { text: 'When' }, value: { text: formatDateTime(d.scheduledAt) } }, { key: { text: 'How' }, value: { text: MODE_WORDS[d.mode ?? ''] ?? 'Not recorded' } }, { key: { text: 'Chair' }, value: { text: d.chair ?? 'Not recorded' } }] : []),
    ],
    decline: d.decline ? {
      at: d.decline.declinedAt ? formatDateTime(d.decline.declinedAt) : '',
      reason: d.decline.reason ?? '', alternativePlan: d.decline.alternativePlan ?? '',
      consulted: d.decline.agenciesConsulted.map((a) => a.name ?? 'Agency').join(', '),
      route: d.decline.challengeRoute,
      action: `/${area}/strategy-discussions/${d.id}/challenge`,
    } : null,
    inviteeRows: d.invitees.map((i) => [{ text: i.agencyName ?? 'Agency' }, { text: i.name ?? '' }, { text: i.invited ? 'Invited' : 'Not invited' }, { text: i.attendance ? (ATTENDANCE_WORDS[i.attendance] ?? i.attendance) : 'Not recorded' }]),
    minutes: d.minutes ? { at: d.minutes.distributedAt ? formatDateTime(d.minutes.distributedAt) : '', text: d.minutes.text ?? '' } : null,
    invited: opts.invited,
    notReceivedAction: `/${area}/strategy-discussions/${d.id}/minutes-not-received`,
    challengeReason: opts.challengeReason ?? '', note: opts.notReceivedNote ?? '',
  };
}

type Offer = StepDownView & { child: { name: string; dateOfBirth: string | null } };

/** Step-downs offered to the caller or their agency as lead professional (SPEC STEP-2). */
export function stepDownsPage(offers: Offer[], now: Date) {
  const row = (s: Offer) => [
    { html: link(`/agency/step-downs/${s.id}`, s.child.name) },
    { text: s.leadProfessional.name },
    { text: s.acceptanceDueAt && s.status === 'pending_acceptance' ? `${formatDateTime(s.acceptanceDueAt)} (${deadlineWords(s.acceptanceDueAt, now).text})` : '' },
    { html: tag(s.status, STEP_DOWN_STATUS_WORDS) },
  ];
  return { title: pageTitle('Step-downs offered to you'), waiting: offers.filter((s) => s.status === 'pending_acceptance').map(row), done: offers.filter((s) => s.status !== 'pending_acceptance').map(row) };
}

/** One step-down: the handover (risk, plan, review date) and accept or decline as lead professional. */
export function stepDownPage(s: Offer, now: Date, reason = '', details: RuleBreak[] = []) {
  const errors = pageErrors(details, [{ field: 'reason', input: 'reason', label: 'Why you decline' }]);
  return {
    title: pageTitle(`Step-down: ${s.child.name}`, errors.summary.length > 0), backLink: '/agency/step-downs',
    errorSummary: errors.summary, errors: errors.byInput, child: s.child.name,
    rows: [
      { key: { text: 'Child' }, value: { text: `${s.child.name}${s.child.dateOfBirth ? `, born ${formatDate(s.child.dateOfBirth)}` : ''}` } },
      { key: { text: 'Status' }, value: { html: tag(s.status, STEP_DOWN_STATUS_WORDS) } },
      { key: { text: 'Lead professional' }, value: { text: s.leadProfessional.name } },
      { key: { text: 'Offered' }, value: { text: formatDateTime(s.createdAt) } },
      ...(s.acceptanceDueAt && s.status === 'pending_acceptance' ? [{ key: { text: 'Answer by' }, value: { text: `${formatDateTime(s.acceptanceDueAt)} (${deadlineWords(s.acceptanceDueAt, now).text})` } }] : []),
      { key: { text: 'Review date' }, value: { text: s.reviewDate ? formatDate(s.reviewDate) : 'Not set' } },
      ...(s.rejectionReason ? [{ key: { text: 'Why it was declined' }, value: { text: s.rejectionReason } }] : []),
    ],
    riskHandover: s.riskHandover ?? '',
    planRows: (s.plan?.actions ?? []).map((a) => [{ text: a.action }, { text: a.owner }, { text: a.successCriteria ?? '' }]),
    pending: s.status === 'pending_acceptance',
    acceptAction: `/agency/step-downs/${s.id}/accept`, declineAction: `/agency/step-downs/${s.id}/decline`, reason,
  };
}
