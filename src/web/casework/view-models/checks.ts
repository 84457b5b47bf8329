import { DateTime } from 'luxon';
import type { RuleBreak } from '../../../common/rule-break';
import type { ContactChecksView } from '../../../modules/checks/check-views';
import { CHECK_TYPES } from '../../../modules/checks/domain/check-vocabulary';
import { dateItems, dateParts, DateParts, FormBody, text } from '../../forms/form-values';
import { deadlineWords, formatDateTime } from '../../view-models/dates';
import { pageTitle } from '../../view-models/page';
import type { CaseContact } from '../case-context';
import { childName } from '../case-context';
import type { AgencyOption } from '../persistence/directory.repository';
import { caseErrors, CaseField } from './case-errors';
import { values } from './decision';

export const CHECK_TYPE_WORDS: Record<string, string> = {
  police: 'Police', gp: 'GP (asked directly)', health_visitor: 'Health visitor', midwife: 'Midwife', school_nurse: 'School nurse', school: 'School or setting',
  adult_mental_health: 'Adult mental health', substance_misuse: 'Substance misuse service', probation: 'Probation', housing: 'Housing', other_la: 'Another local authority',
};

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  requested: { text: 'Waiting for answer', classes: 'govuk-tag--yellow' },
  returned: { text: 'Answered', classes: 'govuk-tag--green' },
  declined: { text: 'Declined', classes: 'govuk-tag--red' },
  unable: { text: 'Unable to answer', classes: 'govuk-tag--grey' },
  waived: { text: 'Waived by a manager', classes: 'govuk-tag--blue' },
};

export interface CheckRequestAnswers {
  agencyId: string;
  checkType: string;
  subjectIds: string[];
  householdMemberIds: string[];
  reason: string;
  questions: string;
  lawfulBasis: string;
  due: DateParts;
  dueTime: string;
}

export function checkRequestAnswers(body: FormBody): CheckRequestAnswers {
  return {
    agencyId: text(body, 'agencyId'), checkType: text(body, 'checkType'), subjectIds: values(body, 'subjectIds'), householdMemberIds: values(body, 'householdMemberIds'),
    reason: text(body, 'reason'), questions: text(body, 'questions'), lawfulBasis: text(body, 'lawfulBasis'), due: dateParts(body, 'due'), dueTime: text(body, 'dueTime'),
  };
}

/** The due date and time in England's time, as the API's ISO time; a date that is not real is passed on for the API to refuse. */
function dueAt(a: CheckRequestAnswers): string | undefined {
  const { day, month, year } = a.due;
  if (!day && !month && !year) return undefined;
  const [hour, minute] = /^\d{1,2}:\d{2}$/.test(a.dueTime) ? a.dueTime.split(':').map(Number) : [17, 0];
  const d = DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day), hour, minute }, { zone: 'Europe/London' });
  return d.isValid ? d.toUTC().toISO({ suppressMilliseconds: true })! : `${year}-${month}-${day}`;
}

export function checkRequestBody(a: CheckRequestAnswers): Record<string, unknown> {
  return {
    agencyId: a.agencyId || undefined,
    checkType: a.checkType || undefined,
    subjectIds: a.subjectIds.length ? a.subjectIds : undefined,
    householdMemberIds: a.householdMemberIds.length ? a.householdMemberIds : undefined,
    reason: a.reason || undefined,
    questions: a.questions.split(/\r?\n/).map((q) => q.trim()).filter(Boolean),
    lawfulBasis: a.lawfulBasis || undefined,
    dueAt: dueAt(a),
  };
}

const FIELDS: CaseField[] = [
  { field: 'agencyId', input: 'agencyId', label: 'Agency' },
  { field: 'agencyType', input: 'agencyId', label: 'Agency' },
  { field: 'checkType', input: 'checkType', label: 'Check' },
  { field: 'subjectIds', input: 'subjectIds', label: 'Children' },
  { field: 'householdMemberIds', input: 'householdMemberIds', label: 'Adults' },
  { field: 'reason', input: 'reason', label: 'Reason' },
  { field: 'questions', input: 'questions', label: 'Questions' },
  { field: 'lawfulBasis', input: 'lawfulBasis', label: 'Lawful basis' },
  { field: 'dueAt', input: 'due-day', label: 'Due date' },
];

export function checksPage(input: {
  contact: CaseContact;
  view: ContactChecksView;
  agencies: AgencyOption[];
  names: Map<string, string>;
  answers: CheckRequestAnswers;
  details?: RuleBreak[];
  waiving?: { checkId: string; details: RuleBreak[]; reason: string };
  isManager: boolean;
  now: Date;
}) {
  const { contact, view, agencies, names, answers: a } = input;
  const request = caseErrors(input.details, FIELDS);
  const waive = caseErrors(input.waiving?.details, [{ field: 'reason', input: `waive-${input.waiving?.checkId}`, label: 'Reason' }]);
  const agencyName = new Map(agencies.map((x) => [x.id, x.name]));
  const who = (ids: string[]) => [
    ...contact.subjects.map((s, i) => ({ id: s.id, name: childName(s, i) })).filter((s) => ids.includes(s.id)).map((s) => s.name),
  ];
  const checks = view.checks.map((c) => {
    const due = deadlineWords(c.dueAt, input.now);
    return {
      id: c.id,
      heading: `${CHECK_TYPE_WORDS[c.checkType] ?? c.checkType}: ${c.agencyId ? (agencyName.get(c.agencyId) ?? 'agency') : c.agencyType}`,
      tag: STATUS_TAGS[c.status] ?? { text: c.status, classes: 'govuk-tag--grey' },
      waivable: input.isManager && c.status === 'requested',
      waiveError: input.waiving?.checkId === c.id ? waive.errors[`waive-${c.id}`] : undefined,
      waiveReason: input.waiving?.checkId === c.id ? input.waiving.reason : '',
      rows: [
        { key: { text: 'About' }, value: { text: who(c.subjectIds).join(', ') || 'Adults in the household' } },
        { key: { text: 'Reason' }, value: { text: c.reason } },
        { key: { text: 'Questions' }, value: { text: c.questions.join(' / ') } },
        { key: { text: 'Lawful basis' }, value: { text: c.lawfulBasis } },
        { key: { text: 'Asked' }, value: { text: `${formatDateTime(c.requestedAt)} by ${names.get(c.requestedByUserId) ?? 'a MASH worker'}` } },
        { key: { text: 'Due' }, value: { text: c.status === 'requested' ? `${formatDateTime(c.dueAt)} (${due.text})` : formatDateTime(c.dueAt) } },
        ...(c.response ? [{ key: { text: 'Answer' }, value: { text: [c.response.summary, c.response.reason].filter(Boolean).join(' — ') || 'No text given' } }, { key: { text: 'Answered' }, value: { text: c.response.respondedAt ? formatDateTime(c.response.respondedAt) : '' } }] : []),
        ...(c.waiver ? [{ key: { text: 'Waived' }, value: { text: `${formatDateTime(c.waiver.waivedAt)} by ${names.get(c.waiver.waivedByUserId) ?? 'a manager'}: ${c.waiver.reason}` } }] : []),
      ],
    };
  });
  const required = view.requiredChecks.items.map((r) => ({ text: `${CHECK_TYPE_WORDS[r.checkType] ?? r.checkType} (${r.requiredBy})`, outstanding: r.outstanding }));
  const hasErrors = request.errorSummary.length + waive.errorSummary.length > 0;
  const dueError = request.errors['due-day'];
  return {
    title: pageTitle('Agency checks', hasErrors),
    backLink: `/mash/contacts/${contact.id}`,
    errorSummary: [...request.errorSummary, ...waive.errorSummary],
    errors: request.errors,
    reference: contact.reference,
    action: `/mash/contacts/${contact.id}/checks`,
    checks,
    required,
    appliesTo: view.requiredChecks.appliesToGrades.join(' and '),
    adults: view.householdAdults.map((m) => ({ name: [m.firstName, m.lastName].filter(Boolean).join(' ') || m.relationship, status: m.policeCheckStatus.replace(/_/g, ' ') })),
    agencyItems: [{ value: '', text: 'Choose an agency' }, ...agencies.map((x) => ({ value: x.id, text: x.name, selected: x.id === a.agencyId }))],
    checkTypeItems: [{ value: '', text: 'From the agency (police, GP, school...)' }, ...CHECK_TYPES.map((t) => ({ value: t, text: CHECK_TYPE_WORDS[t], selected: t === a.checkType }))],
    childItems: contact.subjects.map((s, i) => ({ value: s.id, text: childName(s, i), checked: a.subjectIds.includes(s.id) })),
    adultItems: contact.household.map((m) => ({ value: m.id, text: [m.firstName, m.lastName].filter(Boolean).join(' ') || m.relationship, checked: a.householdMemberIds.includes(m.id) })),
    answers: a,
    dueItems: dateItems(a.due, !!dueError),
    isManager: input.isManager,
  };
}
