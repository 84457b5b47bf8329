import { DateTime } from 'luxon';
import type { RuleBreak } from '../../../common/rule-break';
import { ATTENDANCE, EVIDENCE_TO_SHARE_BEFORE_S47, MEETING_MODES, STRATEGY_OUTCOMES, STRATEGY_URGENCIES } from '../../../modules/strategy/domain/strategy-vocabulary';
import { dateItems, dateParts, DateParts, FormBody, text } from '../../forms/form-values';
import { deadlineWords, formatDate, formatDateTime } from '../../view-models/dates';
import { pageTitle } from '../../view-models/page';
import type { CaseContact } from '../case-context';
import { childName } from '../case-context';
import type { AgencyOption, PersonOption } from '../persistence/directory.repository';
import { caseErrors, CaseField } from './case-errors';
import { values } from './decision';

/** A strategy discussion as MASH staff read it (StrategyQueriesService.get's full view). */
export interface StrategyFull {
  id: string;
  status: string;
  contactId: string;
  child: { name: string; dateOfBirth: string | null };
  request: { reason: string; urgency: string; requestedAt: string };
  scheduledAt: string | null;
  mode: string | null;
  chair: { userId: string; name: string | null } | null;
  invitees: { id: string; agencyId: string; agencyName: string | null; agencyType: string | null; name: string | null; inviteReason: string; attendance: string | null }[];
  decline: { declinedAt: string; reason: string; alternativePlan: string; agenciesConsulted: { name: string | null }[] } | null;
  record: { heldAt: string; outcome: string; icpcRequired: boolean; icpcDueDate: string | null; childSeenAlonePlan: string | null; informationShared: string | null; evidence: { id: string; type: string; sharedWithPoliceAt: string | null; sharedWithPoliceBy: string | null }[] } | null;
  minutes: { distributedAt: string; recipients: { inviteeId: string; email: string | null; status: string; sentAt: string | null }[] } | null;
  minutesNotReceivedReports: number;
}

export const OUTCOME_WORDS: Record<string, string> = {
  s47_single_agency: 'Section 47 enquiry, single agency', s47_joint: 'Section 47 enquiry, joint with the police', no_s47_cin_assessment: 'No section 47: child and family assessment',
  no_s47_early_help: 'No section 47: early help', nfa: 'No further action',
};
const MODE_WORDS: Record<string, string> = { in_person: 'In person', phone: 'Phone', video: 'Video' };
const ATTENDANCE_WORDS: Record<string, string> = { attended: 'Attended', written_contribution: 'Written contribution', absent: 'Absent', apologies: 'Sent apologies' };
const URGENCY_WORDS: Record<string, string> = { routine: 'Routine', urgent: 'Urgent', immediate_risk: 'Immediate risk' };
const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  requested: { text: 'Requested', classes: 'govuk-tag--yellow' }, convened: { text: 'Convened', classes: 'govuk-tag--blue' },
  held: { text: 'Held', classes: 'govuk-tag--green' }, declined: { text: 'Declined', classes: 'govuk-tag--grey' },
};

export function strategyContactPage(contact: CaseContact, discussions: { id: string; status: string; urgency: string; requestedAt: string; subjectId: string }[], a: { subjectId: string; reason: string; urgency: string }, details?: RuleBreak[]) {
  const { errorSummary, errors } = caseErrors(details, [
    { field: 'subjectId', input: 'subjectId', label: 'Child' }, { field: 'reason', input: 'reason', label: 'Reason' }, { field: 'urgency', input: 'urgency', label: 'Urgency' }, { field: '', input: 'reason', label: 'Reason' },
  ]);
  const names = new Map(contact.subjects.map((s, i) => [s.id, childName(s, i)]));
  return {
    title: pageTitle('Strategy discussions', errorSummary.length > 0),
    backLink: `/mash/contacts/${contact.id}`,
    errorSummary,
    errors,
    reference: contact.reference,
    action: `/mash/contacts/${contact.id}/strategy`,
    discussions: discussions.map((d) => ({ href: `/mash/strategy/${d.id}`, text: `${names.get(d.subjectId) ?? 'Child'}: ${URGENCY_WORDS[d.urgency] ?? d.urgency}, asked ${formatDateTime(d.requestedAt)}`, tag: STATUS_TAGS[d.status] ?? { text: d.status, classes: 'govuk-tag--grey' } })),
    childItems: contact.subjects.length > 1 ? contact.subjects.map((s, i) => ({ value: s.id, text: childName(s, i), checked: a.subjectId === s.id })) : [],
    urgencyItems: STRATEGY_URGENCIES.map((u) => ({ value: u, text: URGENCY_WORDS[u], checked: a.urgency === u })),
    answers: a,
  };
}

export interface ConveneAnswers {
  date: DateParts;
  time: string;
  mode: string;
  chair: string;
  agencies: string[];
}

export function conveneAnswers(body: FormBody): ConveneAnswers {
  return { date: dateParts(body, 'scheduledAt'), time: text(body, 'scheduledTime'), mode: text(body, 'mode'), chair: text(body, 'chair'), agencies: values(body, 'invitees') };
}

export function conveneBody(a: ConveneAnswers): Record<string, unknown> {
  const [hour, minute] = /^\d{1,2}:\d{2}$/.test(a.time) ? a.time.split(':').map(Number) : [NaN, NaN];
  const at = DateTime.fromObject({ year: Number(a.date.year), month: Number(a.date.month), day: Number(a.date.day), hour, minute }, { zone: 'Europe/London' });
  return {
    scheduledAt: at.isValid ? at.toUTC().toISO({ suppressMilliseconds: true }) : a.date.day || a.date.month || a.date.year || a.time ? `${a.date.year}-${a.date.month}-${a.date.day}T${a.time}` : undefined,
    mode: a.mode || undefined,
    chair: a.chair || undefined,
    invitees: a.agencies.map((agencyId) => ({ agencyId })),
  };
}

export interface RecordAnswers {
  attendance: Record<string, string>;
  shared: string[];
  officers: Record<string, string>;
  informationShared: string;
  outcome: string;
  icpcRequired: string;
  childSeenAlonePlan: string;
}

type Evidence = CaseContact['evidence'];

export function recordAnswers(body: FormBody, d: StrategyFull, evidence: Evidence): RecordAnswers {
  return {
    attendance: Object.fromEntries(d.invitees.map((i) => [i.id, text(body, `attendance-${i.id}`)])),
    shared: values(body, 'shared'),
    officers: Object.fromEntries(evidence.map((e) => [e.id, text(body, `officer-${e.id}`)])),
    informationShared: text(body, 'informationShared'),
    outcome: text(body, 'outcome'),
    icpcRequired: text(body, 'icpcRequired'),
    childSeenAlonePlan: text(body, 'childSeenAlonePlan'),
  };
}

export function recordBody(a: RecordAnswers, d: StrategyFull, now: Date): Record<string, unknown> {
  // Marked shared on this form: a moment ago, never in the future (STR-3.shared-in-future).
  const sharedAt = new Date(now.getTime() - 1000).toISOString();
  return {
    attendance: d.invitees.map((i) => ({ inviteeId: i.id, status: a.attendance[i.id] || undefined })),
    evidenceShared: a.shared.map((evidenceId) => ({ evidenceId, sharedWithPoliceAt: sharedAt, sharedWithPoliceBy: a.officers[evidenceId] || undefined })),
    informationShared: a.informationShared || undefined,
    outcome: a.outcome || undefined,
    icpcRequired: a.icpcRequired === 'yes' ? true : a.icpcRequired === 'no' ? false : undefined,
    childSeenAlonePlan: a.childSeenAlonePlan || undefined,
  };
}

export function strategyPage(d: StrategyFull, evidence: Evidence, agencies: AgencyOption[], staff: PersonOption[], form: { convene?: ConveneAnswers; record?: RecordAnswers; details?: RuleBreak[] }, now: Date) {
  const conveneFields: CaseField[] = [
    { field: 'scheduledAt', input: 'scheduledAt-day', label: 'Date and time' }, { field: 'mode', input: 'mode', label: 'How it is held' }, { field: 'chair', input: 'chair', label: 'Chair' },
    { field: 'invitees', input: 'invitees', label: 'Invitees' }, { field: '', input: 'scheduledAt-day', label: 'Date and time' },
  ];
  const toShare = evidence.filter((e) => (EVIDENCE_TO_SHARE_BEFORE_S47 as readonly string[]).includes(e.type));
  const recordFields: CaseField[] = [
    ...d.invitees.map((i, n) => ({ field: `attendance[${n}]`, input: `attendance-${i.id}`, label: `Attendance of ${i.agencyName ?? 'invitee'}` })),
    { field: 'attendance', input: d.invitees[0] ? `attendance-${d.invitees[0].id}` : 'outcome', label: 'Attendance' },
    ...toShare.map((e, n) => ({ field: `evidenceShared[${n}]`, input: `shared-${e.id}`, label: 'Evidence shared with the police' })),
    { field: 'evidenceShared', input: 'evidence', label: 'Evidence shared with the police' },
    { field: 'informationShared', input: 'informationShared', label: 'Information shared' },
    { field: 'outcome', input: 'outcome', label: 'Outcome' }, { field: 'icpcRequired', input: 'icpcRequired', label: 'Whether a child protection conference is needed' },
    { field: 'childSeenAlonePlan', input: 'childSeenAlonePlan', label: 'Plan to see the child alone' }, { field: 'heldAt', input: 'outcome', label: 'When it was held' }, { field: '', input: 'outcome', label: 'Outcome' },
  ];
  const { errorSummary, errors } = caseErrors(form.details, d.status === 'requested' ? conveneFields : recordFields);
  const c = form.convene;
  const r = form.record;
  const defaultInvited = (a: AgencyOption) => a.type === 'police' || a.type === 'la_childrens_social_care';
  const names = new Map(d.invitees.map((i) => [i.id, `${i.agencyName ?? 'Agency'}${i.name ? ` (${i.name})` : ''}`]));
  return {
    title: pageTitle(`Strategy discussion for ${d.child.name}`, errorSummary.length > 0),
    backLink: `/mash/contacts/${d.contactId}/strategy`,
    errorSummary,
    errors,
    d,
    tag: STATUS_TAGS[d.status] ?? { text: d.status, classes: 'govuk-tag--grey' },
    summary: [
      { key: { text: 'Reason asked' }, value: { text: d.request.reason } },
      { key: { text: 'Urgency' }, value: { text: URGENCY_WORDS[d.request.urgency] ?? d.request.urgency } },
      { key: { text: 'Asked' }, value: { text: `${formatDateTime(d.request.requestedAt)} (${deadlineWords(d.request.requestedAt, now).text.replace('overdue by', '')} ago)` } },
      ...(d.scheduledAt ? [{ key: { text: 'When' }, value: { text: `${formatDateTime(d.scheduledAt)}, ${MODE_WORDS[d.mode ?? ''] ?? d.mode}` } }] : []),
      ...(d.chair ? [{ key: { text: 'Chair' }, value: { text: d.chair.name ?? '' } }] : []),
      ...(d.invitees.length ? [{ key: { text: 'Invited' }, value: { text: d.invitees.map((i) => `${names.get(i.id)}${i.attendance ? `: ${ATTENDANCE_WORDS[i.attendance] ?? i.attendance}` : ''}`).join('; ') } }] : []),
    ],
    base: `/mash/strategy/${d.id}`,
    // Convene
    dateItems: dateItems(c?.date, !!errors['scheduledAt-day']),
    time: c?.time ?? '',
    modeItems: MEETING_MODES.map((m) => ({ value: m, text: MODE_WORDS[m], checked: c?.mode === m })),
    chairItems: [{ value: '', text: 'Choose the chair' }, ...staff.map((s) => ({ value: s.id, text: s.name, selected: c?.chair === s.id }))],
    inviteeItems: agencies.map((a) => ({ value: a.id, text: a.name, checked: c ? c.agencies.includes(a.id) : defaultInvited(a) })),
    // Record
    attendance: d.invitees.map((i) => ({
      id: i.id,
      legend: names.get(i.id),
      items: ATTENDANCE.map((s) => ({ value: s, text: ATTENDANCE_WORDS[s], checked: r?.attendance[i.id] === s })),
      error: errors[`attendance-${i.id}`],
    })),
    evidence: toShare.map((e) => ({
      id: e.id,
      text: `${e.type}${e.description ? `: ${e.description}` : ''}${e.heldBy ? ` (held by ${e.heldBy})` : ''}`,
      alreadyShared: e.sharedWithPoliceAt ? formatDateTime(e.sharedWithPoliceAt) : null,
      checked: r?.shared.includes(e.id) ?? false,
      officer: r?.officers[e.id] ?? '',
      error: errors[`shared-${e.id}`],
    })),
    unshared: toShare.filter((e) => !e.sharedWithPoliceAt).length,
    outcomeItems: STRATEGY_OUTCOMES.map((o) => ({ value: o, text: OUTCOME_WORDS[o], checked: r?.outcome === o })),
    icpcItems: [{ value: 'yes', text: 'Yes', checked: r?.icpcRequired === 'yes' }, { value: 'no', text: 'No', checked: r?.icpcRequired === 'no' }],
    record: r ?? { informationShared: '', childSeenAlonePlan: '' },
    held: d.record
      ? [
        { key: { text: 'Held' }, value: { text: formatDateTime(d.record.heldAt) } },
        { key: { text: 'Outcome' }, value: { text: OUTCOME_WORDS[d.record.outcome] ?? d.record.outcome } },
        { key: { text: 'Child protection conference' }, value: { text: d.record.icpcRequired ? `Needed by ${d.record.icpcDueDate ? formatDate(d.record.icpcDueDate) : 'the due date'}` : 'Not needed' } },
        ...(d.record.childSeenAlonePlan ? [{ key: { text: 'Plan to see the child alone' }, value: { text: d.record.childSeenAlonePlan } }] : []),
      ]
      : null,
    minutes: d.minutes
      ? { distributed: formatDateTime(d.minutes.distributedAt), rows: d.minutes.recipients.map((m) => [{ text: names.get(m.inviteeId) ?? 'Invitee' }, { text: m.status }, { text: m.sentAt ? formatDateTime(m.sentAt) : 'Not yet' }]) }
      : null,
    decline: d.decline ? { reason: d.decline.reason, plan: d.decline.alternativePlan, consulted: d.decline.agenciesConsulted.map((x) => x.name).join(', '), at: formatDateTime(d.decline.declinedAt) } : null,
  };
}
