import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { checkDueClock, plainDueAt } from './check-due';
import { applyCheckEvent, CheckEvent } from './check-state';
import { AGENCY_TYPES_FOR_CHECK, CheckStatus } from './check-vocabulary';
import { validateChecksConfig } from './checks-config';
import { CheckFacts, ExistingCheck, isHouseholdAdult, outstandingChecks, policeCheckStatuses, requiredChecks } from './required-checks';

const shipped = () => parse(readFileSync(resolve(__dirname, '../../../../config/checks.yaml'), 'utf8'));
const config = validateChecksConfig(shipped()).config!;

const facts = (over: Partial<CheckFacts> = {}): CheckFacts => ({
  receivedAt: new Date('2026-11-20T10:00:00Z'),
  subjects: [{ id: 'child-a' }],
  household: [],
  concernCategories: ['neglect_indicator'],
  ...over,
});
const mother = { id: 'mum', relationship: 'mother', dateOfBirth: '1990-01-01', knownRisks: [] as string[] };
const check = (over: Partial<ExistingCheck>): ExistingCheck => ({
  id: 'c1', checkType: 'gp', status: 'returned', subjectIds: ['child-a'], householdMemberIds: [], requestedAt: new Date('2026-11-20T11:00:00Z'), ...over,
});

describe('required checks (SPEC CHK-1, CHK-2, CHK-3, CHK-5)', () => {
  it.each<[string, CheckFacts, 'RED' | 'AMBER' | 'GREEN', string[]]>([
    ['GREEN: none (CHK-1 is for AMBER and RED)', facts({ household: [mother] }), 'GREEN', []],
    ['AMBER: each child\'s GP (CHK-2)', facts({ subjects: [{ id: 'child-a' }, { id: 'child-b' }] }), 'AMBER', ['gp subject:child-a CHK-2', 'gp subject:child-b CHK-2']],
    ['RED: the GP and a police check per household adult (CHK-5)', facts({ household: [mother, { ...mother, id: 'partner', relationship: 'mothers_partner', dateOfBirth: null }] }), 'RED', [
      'gp subject:child-a CHK-2', 'police household_member:mum CHK-5', 'police household_member:partner CHK-5',
    ]],
    ['a sibling and a 17-year-old are not household adults', facts({ household: [{ ...mother, id: 'bro', relationship: 'sibling', dateOfBirth: '2000-01-01' }, { ...mother, id: 'teen', relationship: 'lodger', dateOfBirth: '2009-06-01' }] }), 'AMBER', ['gp subject:child-a CHK-2']],
    ['parental mental ill-health concern: a mental-health check (CHK-3, IOW 2.7)', facts({ concernCategories: ['parental_mental_health'] }), 'AMBER', ['adult_mental_health contact CHK-3', 'gp subject:child-a CHK-2']],
    ['an adult known to have mental ill-health: a mental-health check', facts({ household: [{ ...mother, knownRisks: ['mental_ill_health'] }] }), 'AMBER', [
      'adult_mental_health contact CHK-3', 'gp subject:child-a CHK-2', 'police household_member:mum CHK-5',
    ]],
    ['mental ill-health on a GREEN contact: none', facts({ concernCategories: ['parental_mental_health'] }), 'GREEN', []],
  ])('%s', (_name, input, grade, expected) => {
    expect(requiredChecks(input, grade, config).map((r) => `${r.checkType} ${r.scope} ${r.requiredBy}`)).toEqual(expected);
  });

  it('an adult turns 18 on their birthday', () => {
    const on = new Date('2026-11-20T00:00:00Z');
    expect(isHouseholdAdult({ ...mother, dateOfBirth: '2008-11-20' }, on)).toBe(true);
    expect(isHouseholdAdult({ ...mother, dateOfBirth: '2008-11-21' }, on)).toBe(false);
  });
});

describe('outstanding checks (SPEC CHK-4)', () => {
  const amber = requiredChecks(facts({ subjects: [{ id: 'child-a' }, { id: 'child-b' }], household: [mother] }), 'AMBER', config);
  const left = (existing: ExistingCheck[], subject?: string) => outstandingChecks(amber, existing, subject).map((r) => r.scope);

  it.each<[string, ExistingCheck[], string | undefined, string[]]>([
    ['nothing requested: everything outstanding', [], undefined, ['subject:child-a', 'subject:child-b', 'household_member:mum']],
    ['for one child: its own GP and the household, not its sibling\'s GP', [], 'child-a', ['subject:child-a', 'household_member:mum']],
    ['a returned GP check for child A answers A only', [check({})], undefined, ['subject:child-b', 'household_member:mum']],
    ['one GP check covering both children answers both', [check({ subjectIds: ['child-a', 'child-b'] })], undefined, ['household_member:mum']],
    ['a GP check still requested is outstanding', [check({ status: 'requested' })], 'child-a', ['subject:child-a', 'household_member:mum']],
    ['declined and unable are answers (not outstanding)', [check({ status: 'declined' }), check({ status: 'unable', subjectIds: ['child-b'] })], undefined, ['household_member:mum']],
    ['a waived check is not outstanding', [check({ status: 'waived' })], 'child-a', ['household_member:mum']],
    ['a health visitor\'s answer is not the GP check (CHK-2, DUD 7.5)', [check({ checkType: 'health_visitor' })], 'child-a', ['subject:child-a', 'household_member:mum']],
    ['a police check must cover the adult', [check({ checkType: 'police', householdMemberIds: ['someone-else'] })], 'child-a', ['subject:child-a', 'household_member:mum']],
    ['a police check covering the adult answers it', [check({ checkType: 'police', householdMemberIds: ['mum'], subjectIds: [] })], 'child-a', ['subject:child-a']],
  ])('%s', (_name, existing, subject, expected) => {
    expect(left(existing, subject)).toEqual(expected);
  });

  it('only GP practices can be asked for the GP check', () => {
    expect(AGENCY_TYPES_FOR_CHECK.gp).toEqual(['health_gp']);
  });
});

describe('police-check status per household adult (SPEC CHK-5)', () => {
  it('not requested, then the latest police check covering the adult', () => {
    const f = facts({ household: [mother, { ...mother, id: 'dad', relationship: 'father' }] });
    expect(policeCheckStatuses(f, [])).toEqual([
      { householdMemberId: 'mum', status: 'not_requested', checkId: null },
      { householdMemberId: 'dad', status: 'not_requested', checkId: null },
    ]);
    const older = check({ id: 'old', checkType: 'police', status: 'returned', householdMemberIds: ['mum'], requestedAt: new Date('2026-11-20T09:00:00Z') });
    const newer = check({ id: 'new', checkType: 'police', status: 'requested', householdMemberIds: ['mum'], requestedAt: new Date('2026-11-20T12:00:00Z') });
    expect(policeCheckStatuses(f, [older, newer, check({ checkType: 'gp' })])).toEqual([
      { householdMemberId: 'mum', status: 'requested', checkId: 'new' },
      { householdMemberId: 'dad', status: 'not_requested', checkId: null },
    ]);
  });
});

describe('check state machine (SPEC CHK-1, CHK-4)', () => {
  it.each<[string, CheckStatus, CheckEvent, CheckStatus]>([
    ['returned with a summary', 'requested', { kind: 'respond', status: 'returned', summary: 'Known to GP; no concerns' }, 'returned'],
    ['declined with a reason', 'requested', { kind: 'respond', status: 'declined', reason: 'No lawful basis shown' }, 'declined'],
    ['unable with a reason', 'requested', { kind: 'respond', status: 'unable', reason: 'Not registered with us' }, 'unable'],
    ['waived with a reason', 'requested', { kind: 'waive', reason: 'Child is not registered with any GP' }, 'waived'],
  ])('requested -> %s', (_name, from, event, to) => {
    expect(applyCheckEvent(from, event)).toEqual({ ok: true, next: to });
  });

  it.each<[string, CheckStatus, CheckEvent, string]>([
    ['returned without a summary', 'requested', { kind: 'respond', status: 'returned', summary: ' ' }, 'CHK-1.summary-required'],
    ['declined without a reason', 'requested', { kind: 'respond', status: 'declined' }, 'CHK-1.reason-required'],
    ['unable without a reason', 'requested', { kind: 'respond', status: 'unable', reason: '' }, 'CHK-1.reason-required'],
    ['waived without a reason', 'requested', { kind: 'waive', reason: null }, 'CHK-4.waiver-reason'],
  ])('refuses %s', (_name, from, event, rule) => {
    expect(applyCheckEvent(from, event)).toMatchObject({ ok: false, conflict: false, rule });
  });

  it.each<CheckStatus>(['returned', 'declined', 'unable', 'waived'])('a %s check cannot be answered or waived again', (status) => {
    expect(applyCheckEvent(status, { kind: 'respond', status: 'returned', summary: 'x' })).toMatchObject({ ok: false, conflict: true });
    expect(applyCheckEvent(status, { kind: 'waive', reason: 'x' })).toMatchObject({ ok: false, conflict: true });
  });
});

describe('due time default (SPEC CHK-1; the calendar clock recomputes it)', () => {
  it.each<[string, string, number, string]>([
    ['Tuesday + 1 working day', '2026-11-17T10:30:00Z', 1, '2026-11-18T10:30:00.000Z'],
    ['Friday + 1 working day is Monday', '2026-11-20T15:00:00Z', 1, '2026-11-23T15:00:00.000Z'],
    ['Saturday + 1 working day is Monday', '2026-11-21T09:00:00Z', 1, '2026-11-23T09:00:00.000Z'],
    ['Thursday + 3 working days is Tuesday', '2026-11-19T09:00:00Z', 3, '2026-11-24T09:00:00.000Z'],
    ['London wall-clock time kept across the October clock change', '2026-10-23T09:00:00Z', 1, '2026-10-26T10:00:00.000Z'],
  ])('%s', (_name, from, days, expected) => {
    expect(plainDueAt(new Date(from), days).toISOString()).toBe(expected);
  });

  it('the clock data says whether the due time was the requester\'s or the default', () => {
    const base = { id: 'k', contactId: 'c', requestedAt: new Date('2026-11-17T10:00:00Z'), dueAt: new Date('2026-11-18T10:00:00Z') };
    expect(checkDueClock({ ...base, dueAtSource: 'default' }, 1)).toMatchObject({ explicitDueAt: null, workingDays: 1, provisionalDueAt: base.dueAt });
    expect(checkDueClock({ ...base, dueAtSource: 'requester' }, 1)).toMatchObject({ explicitDueAt: base.dueAt, workingDays: null });
  });
});

describe('config/checks.yaml', () => {
  it('the shipped file is valid', () => {
    expect(validateChecksConfig(shipped()).problems).toEqual([]);
  });

  it.each<[string, (r: Record<string, Record<string, unknown>>) => unknown, RegExp]>([
    ['an unknown check type', (r) => ({ ...r, required: { ...r.required, perSubject: ['doctor'] } }), /"doctor" is not a check type/],
    ['an unknown grade', (r) => ({ ...r, requiredForGrades: ['RED', 'BLUE'] }), /"BLUE" is not RED, AMBER or GREEN/],
    ['a misspelt key', (r) => ({ ...r, mentalHealth: { ...r.mentalHealth, checktype: 'gp' } }), /mentalHealth.checktype: unknown key/],
    ['no mental-health trigger', (r) => ({ ...r, mentalHealth: { checkType: 'adult_mental_health', concernCategories: [], adultKnownRisks: [] } }), /CHK-3/],
    ['a due time of zero days', (r) => ({ ...r, due: { defaultWorkingDays: 0 } }), /defaultWorkingDays/],
  ])('refuses %s', (_name, mutate, message) => {
    const { config: parsed, problems } = validateChecksConfig(mutate(shipped()));
    expect(parsed).toBeUndefined();
    expect(problems.join('\n')).toMatch(message);
  });
});
