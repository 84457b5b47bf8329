import { AGENCY_TYPES, ROLES, Role } from '../../auth/roles';
import type { RuleBreak } from '../../common/rule-break';
import { pageErrors, PageField } from '../forms/page-errors';
import { formatDate, formatDateTime } from '../view-models/dates';
import { pageTitle } from '../view-models/page';
import type { ConfigurationInForce } from './runtime-configuration';

export const londonDateTime = (value: Date | string | null | undefined): string => (value ? formatDateTime(value) : '');

export const ROLE_NAMES: Record<Role, string> = {
  referrer: 'Referrer (professional)',
  police: 'Police',
  partner: 'Partner agency',
  mash_worker: 'MASH worker',
  mash_manager: 'MASH manager',
  auditor: 'Auditor',
  admin: 'Administrator',
};

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  active: { text: 'Active', classes: 'govuk-tag--green' },
  invited: { text: 'Invited', classes: 'govuk-tag--blue' },
  pending_approval: { text: 'Waiting for approval', classes: 'govuk-tag--yellow' },
  deactivated: { text: 'Deactivated', classes: 'govuk-tag--grey' },
  locked: { text: 'Locked', classes: 'govuk-tag--red' },
};

const agencyTypeName = (type: string) => type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

interface AccountLike {
  id: string;
  email: string;
  name: string;
  role: Role;
  agencyId: string;
  status: string;
  lockedUntil: Date | null;
  accessExpiresAt: Date | null;
  pendingRoleGrant: { id: string; role: Role; kind: string } | null;
}
interface AgencyLike {
  id: string;
  name: string;
  type: string;
  email: string | null;
  emailDomains?: string[];
  accounts: number;
}

const errorsFor = (details: RuleBreak[] | undefined, fields: PageField[]) => pageErrors(details ?? [], fields);

export function homePage(pendingApprovals: number) {
  return { title: pageTitle('Administration'), pendingApprovals };
}

export function accountsPage(accounts: AccountLike[], nextCursor: string | null, agencies: AgencyLike[]) {
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  return {
    title: pageTitle('Accounts'),
    rows: accounts.map((a) => [
      { html: `<a class="govuk-link" href="/administration/accounts/${a.id}">${escape(a.name)}</a>` },
      { text: a.email },
      { text: ROLE_NAMES[a.role] ?? a.role },
      { text: agencyName.get(a.agencyId) ?? '' },
      { html: tag(a.status) },
    ]),
    nextPage: nextCursor ? `/administration/accounts?cursor=${encodeURIComponent(nextCursor)}` : null,
  };
}

const ROLE_ITEMS = (selected?: string) => [{ value: '', text: 'Choose a role' }, ...ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r], selected: r === selected }))];
const AGENCY_ITEMS = (agencies: AgencyLike[], selected?: string) => [{ value: '', text: 'Choose an agency' }, ...agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === selected }))];

export function invitePage(agencies: AgencyLike[], answers: Partial<Record<'email' | 'name' | 'role' | 'agencyId' | 'accessExpiresAt', string>>, details?: RuleBreak[]) {
  const errors = errorsFor(details, [
    { field: 'email', input: 'email', label: 'E-mail address' },
    { field: 'name', input: 'name', label: 'Full name' },
    { field: 'role', input: 'role', label: 'Role' },
    { field: 'agencyId', input: 'agencyId', label: 'Agency' },
    { field: 'accessExpiresAt', input: 'accessExpiresAt', label: 'Access ends' },
  ]);
  return {
    title: pageTitle('Invite someone', errors.summary.length > 0),
    answers,
    roles: ROLE_ITEMS(answers.role),
    agencies: AGENCY_ITEMS(agencies, answers.agencyId),
    errorSummary: errors.summary,
    errors: errors.byInput,
  };
}

export function accountPage(account: AccountLike, agencies: AgencyLike[], now: Date, answers: Partial<Record<'role' | 'accessExpiresAt', string>>, details?: RuleBreak[]) {
  const errors = errorsFor(details, [
    { field: 'role', input: 'role', label: 'New role' },
    { field: 'accessExpiresAt', input: 'accessExpiresAt', label: 'Access ends' },
    { field: 'id', input: 'role', label: 'Account' },
    { field: 'action', input: 'role', label: 'Account' },
  ]);
  const agency = agencies.find((a) => a.id === account.agencyId);
  const pending = account.pendingRoleGrant;
  return {
    title: pageTitle(account.name, errors.summary.length > 0),
    account,
    summary: [
      { key: { text: 'E-mail address' }, value: { text: account.email } },
      { key: { text: 'Role' }, value: { text: ROLE_NAMES[account.role] ?? account.role } },
      { key: { text: 'Agency' }, value: { text: agency?.name ?? '' } },
      { key: { text: 'Status' }, value: { html: tag(account.status) } },
      ...(account.lockedUntil ? [{ key: { text: 'Locked until' }, value: { text: londonDateTime(account.lockedUntil) } }] : []),
      { key: { text: 'Access ends' }, value: { text: account.accessExpiresAt ? londonDateTime(account.accessExpiresAt) : 'No end date' } },
      ...(pending ? [{ key: { text: 'Waiting for approval' }, value: { text: `${ROLE_NAMES[pending.role]} (${pending.kind === 'new_account' ? 'new account' : 'role change'})` } }] : []),
    ],
    canDeactivate: account.status !== 'deactivated' && account.status !== 'pending_approval',
    canReactivate: account.status === 'deactivated',
    canUnlock: account.status === 'locked',
    canReset: account.status !== 'deactivated' && account.status !== 'pending_approval',
    canChangeRole: !pending,
    roles: ROLE_ITEMS(answers.role),
    answers,
    expired: account.accessExpiresAt ? new Date(account.accessExpiresAt) <= now : false,
    errorSummary: errors.summary,
    errors: errors.byInput,
  };
}

export function approvalsPage(
  grants: { id: string; role: Role; kind: string; account?: AccountLike; requestedBy: string; requestedAtText: string; mine: boolean }[],
  details?: RuleBreak[],
) {
  return {
    title: pageTitle('Roles waiting for approval', !!details?.length),
    grants: grants.map((g) => ({
      ...g,
      roleName: ROLE_NAMES[g.role] ?? g.role,
      kindText: g.kind === 'new_account' ? 'New account' : 'Role change',
      who: g.account ? `${g.account.name} (${g.account.email})` : 'An account',
    })),
    errorSummary: (details ?? []).map((d) => ({ text: d.rule === 'SEC-4.second-administrator' ? 'Another administrator must decide this: not the one who asked for it, nor the account holder' : d.message, href: '#grants' })),
  };
}

export function agenciesPage(agencies: AgencyLike[]) {
  return {
    title: pageTitle('Agencies'),
    rows: agencies.map((a) => [{ text: a.name }, { text: agencyTypeName(a.type) }, { text: a.email ?? '' }, { text: (a.emailDomains ?? []).join(', ') }, { text: String(a.accounts), format: 'numeric' }]),
  };
}

/** The e-mail domains box: one per line (commas and spaces also separate), a leading @ dropped. */
export function emailDomainLines(text: string): string[] {
  return text.split(/[\s,]+/).map((d) => d.replace(/^@/, '')).filter(Boolean);
}

export function agencyFormPage(answers: Partial<Record<'name' | 'type' | 'email' | 'emailDomains', string>>, details?: RuleBreak[]) {
  // The API names its field; the page says what to type.
  const worded = details?.map((d) => (d.field === 'emailDomains' && d.rule === 'matches' ? { ...d, message: 'Enter each e-mail domain as a domain name, one per line, such as riverside-school.example.sch.uk' } : d));
  const errors = errorsFor(worded, [
    { field: 'name', input: 'name', label: 'Name' },
    { field: 'type', input: 'type', label: 'Type of agency' },
    { field: 'email', input: 'email', label: 'Safeguarding e-mail address' },
    { field: 'emailDomains', input: 'emailDomains', label: 'E-mail domains' },
  ]);
  return {
    title: pageTitle('Add an agency', errors.summary.length > 0),
    answers,
    types: [{ value: '', text: 'Choose a type' }, ...AGENCY_TYPES.map((t) => ({ value: t, text: agencyTypeName(t), selected: t === answers.type }))],
    errorSummary: errors.summary,
    errors: errors.byInput,
  };
}

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function configurationPage(c: ConfigurationInForce, now: Date) {
  const today = now.toISOString().slice(0, 10);
  return {
    title: pageTitle('Configuration in force'),
    framework: c.framework,
    effectiveFrom: formatDate(c.framework.effectiveFrom),
    grades: c.framework.grades.map((g) => [{ text: g.grade }, { text: g.definition }, { text: g.requiredResponse }]),
    codeLists: c.codeLists,
    codeListRows: c.codeLists.lists.map((l) => ({ name: l.name, rows: l.entries.map((e) => [{ text: e.code }, { text: e.label }]) })),
    calendar: {
      timezone: c.calendar.timezone,
      hours: `${c.calendar.workingHours.start} to ${c.calendar.workingHours.end}`,
      days: c.calendar.workingDays.map((d) => WEEKDAYS[d]).join(', '),
      preClosure: c.calendar.preClosureWorkingDays,
      holidays: c.calendar.bankHolidays.filter((h) => h.date >= today).slice(0, 12).map((h) => [{ text: formatDate(h.date) }, { text: h.name }]),
      closures: c.calendar.closurePeriods.map((p) => [{ text: p.name }, { text: formatDate(p.from) }, { text: formatDate(p.to) }]),
    },
  };
}

function tag(status: string): string {
  const t = STATUS_TAGS[status] ?? { text: status, classes: 'govuk-tag--grey' };
  return `<strong class="govuk-tag ${t.classes}">${escape(t.text)}</strong>`;
}

export function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
