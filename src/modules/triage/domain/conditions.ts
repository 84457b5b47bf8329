import { CONCERN_CATEGORIES, ConcernCategory, KNOWN_RISKS, KnownRisk, RELATIONSHIPS, Relationship, URGENCIES, Urgency } from '../../contacts/domain/contact-vocabulary';
import { ConfigProblems } from '../../calendar/domain/config-check';
import type { GradingInput, SubjectForGrading } from './grading-input';

/**
 * The condition language of the threshold framework (config/thresholds/*.yaml). Each node has
 * exactly one key. Rules are data; this file is the whole interpreter.
 *
 *   all: [c, ...] / any: [c, ...] / not: c / atLeast: {count: 2, of: [c, ...]}
 *   concern: {categoryIn: [...], about: child | contact}     a concern of one of these categories
 *                                                            about this child (default) or anyone on the contact
 *   child: {unborn: true} | {ageUnder: {years: 1}} | {ageAtLeast: {...}}   this child, on the received date
 *   anyChildOnContact: {ageUnder: {years: 5}}               any subject of the contact (household children)
 *   householdMember: {risksAny: [...], risksAll: [...], relationshipIn: [...], resident: true}
 *                                                            one household member matching all that is given
 *   referrerUrgency: {in: [immediate_risk]}                 the referrer's view of urgency
 *   fact: {name: selfHarmEpisodesLast90Days, atLeast: 2} | {name: onCurrentCpPlan, is: true}
 *   flag: {any: true} | {ruleIdIn: [PPL-4.repeat-contacts, ...]}   accumulation flags (SPEC PPL-4)
 */
export interface Span {
  years?: number;
  months?: number;
  days?: number;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { atLeast: { count: number; of: Condition[] } }
  | { concern: { categoryIn: ConcernCategory[]; about?: 'child' | 'contact' } }
  | { child: { unborn?: boolean; ageUnder?: Span; ageAtLeast?: Span } }
  | { anyChildOnContact: { ageUnder: Span } }
  | { householdMember: HouseholdMemberCondition }
  | { referrerUrgency: { in: Urgency[] } }
  | { fact: { name: string; atLeast?: number; atMost?: number; is?: boolean } }
  | { flag: { any?: true; ruleIdIn?: string[] } };

/**
 * History facts a rule may name, with their type: the people module's SubjectFacts
 * (neglectReportingAgenciesLast12Months: distinct agencies reporting neglect, TRI 3.2.2).
 */
export const FACTS: Record<string, 'boolean' | 'number'> = {
  onCurrentCpPlan: 'boolean',
  everOnCpPlan: 'boolean',
  selfHarmEpisodesLast90Days: 'number',
  neglectReportingAgenciesLast12Months: 'number',
};

export interface HouseholdMemberCondition {
  risksAny?: KnownRisk[];
  risksAll?: KnownRisk[];
  relationshipIn?: Relationship[];
  resident?: boolean;
}

const FLAG_ID = /^PPL-4\.[a-z0-9-]+$/;
const NODE_KEYS = ['all', 'any', 'not', 'atLeast', 'concern', 'child', 'anyChildOnContact', 'householdMember', 'referrerUrgency', 'fact', 'flag'] as const;

// ---------------------------------------------------------------------------------------------
// Validation: every node checked, every problem named with its path.

export function parseCondition(raw: unknown, path: string, p: ConfigProblems): Condition | undefined {
  if (!p.isObject(raw, path)) return undefined;
  const keys = Object.keys(raw);
  if (keys.length !== 1 || !(NODE_KEYS as readonly string[]).includes(keys[0])) {
    p.add(path, `must have exactly one of: ${NODE_KEYS.join(', ')} (found: ${keys.join(', ') || 'nothing'})`);
    return undefined;
  }
  const key = keys[0] as (typeof NODE_KEYS)[number];
  const body = raw[key];
  const at = `${path}.${key}`;
  switch (key) {
    case 'all':
    case 'any': {
      if (!p.isArray(body, at, { minLength: 1 })) return undefined;
      const items = body.map((c, i) => parseCondition(c, `${at}[${i}]`, p));
      return { [key]: items } as Condition;
    }
    case 'not': {
      const inner = parseCondition(body, at, p);
      return inner && { not: inner };
    }
    case 'atLeast': {
      if (!p.isObject(body, at)) return undefined;
      p.onlyKeys(body, ['count', 'of'], at);
      if (!p.isArray(body.of, `${at}.of`, { minLength: 1 })) return undefined;
      p.isInteger(body.count, `${at}.count`, { min: 1, max: body.of.length });
      return { atLeast: { count: body.count as number, of: body.of.map((c, i) => parseCondition(c, `${at}.of[${i}]`, p)!) } };
    }
    case 'concern': {
      if (!p.isObject(body, at)) return undefined;
      p.onlyKeys(body, ['categoryIn', 'about'], at);
      listOf(body.categoryIn, CONCERN_CATEGORIES, `${at}.categoryIn`, p);
      if (body.about !== undefined) p.isOneOf(body.about, ['child', 'contact'] as const, `${at}.about`);
      return { concern: body as { categoryIn: ConcernCategory[]; about?: 'child' | 'contact' } };
    }
    case 'child': {
      if (!p.isObject(body, at)) return undefined;
      p.onlyKeys(body, ['unborn', 'ageUnder', 'ageAtLeast'], at);
      if (Object.keys(body).length === 0) p.add(at, 'needs unborn, ageUnder or ageAtLeast');
      if (body.unborn !== undefined) p.isBoolean(body.unborn, `${at}.unborn`);
      if (body.ageUnder !== undefined) span(body.ageUnder, `${at}.ageUnder`, p);
      if (body.ageAtLeast !== undefined) span(body.ageAtLeast, `${at}.ageAtLeast`, p);
      return { child: body as { unborn?: boolean; ageUnder?: Span; ageAtLeast?: Span } };
    }
    case 'anyChildOnContact': {
      if (!p.isObject(body, at)) return undefined;
      p.onlyKeys(body, ['ageUnder'], at);
      span(body.ageUnder, `${at}.ageUnder`, p);
      return { anyChildOnContact: body as { ageUnder: Span } };
    }
    case 'householdMember': {
      if (!p.isObject(body, at)) return undefined;
      p.onlyKeys(body, ['risksAny', 'risksAll', 'relationshipIn', 'resident'], at);
      if (Object.keys(body).length === 0) p.add(at, 'needs risksAny, risksAll, relationshipIn or resident');
      if (body.risksAny !== undefined) listOf(body.risksAny, KNOWN_RISKS, `${at}.risksAny`, p);
      if (body.risksAll !== undefined) listOf(body.risksAll, KNOWN_RISKS, `${at}.risksAll`, p);
      if (body.relationshipIn !== undefined) listOf(body.relationshipIn, RELATIONSHIPS, `${at}.relationshipIn`, p);
      if (body.resident !== undefined) p.isBoolean(body.resident, `${at}.resident`);
      return { householdMember: body as HouseholdMemberCondition };
    }
    case 'referrerUrgency': {
      if (!p.isObject(body, at)) return undefined;
      p.onlyKeys(body, ['in'], at);
      listOf(body.in, URGENCIES, `${at}.in`, p);
      return { referrerUrgency: body as { in: Urgency[] } };
    }
    case 'fact': {
      if (!p.isObject(body, at)) return undefined;
      p.onlyKeys(body, ['name', 'atLeast', 'atMost', 'is'], at);
      if (!p.isOneOf(body.name, Object.keys(FACTS), `${at}.name`)) return undefined;
      const type = FACTS[body.name as string];
      if (type === 'boolean') {
        if (body.atLeast !== undefined || body.atMost !== undefined) p.add(at, `${body.name} is true/false: use "is"`);
        p.isBoolean(body.is, `${at}.is`);
      } else {
        if (body.is !== undefined) p.add(at, `${body.name} is a number: use atLeast or atMost`);
        if (body.atLeast === undefined && body.atMost === undefined) p.add(at, 'needs atLeast or atMost');
        if (body.atLeast !== undefined) p.isInteger(body.atLeast, `${at}.atLeast`, { min: 0 });
        if (body.atMost !== undefined) p.isInteger(body.atMost, `${at}.atMost`, { min: 0 });
      }
      return { fact: body as { name: string; atLeast?: number; atMost?: number; is?: boolean } };
    }
    case 'flag': {
      if (!p.isObject(body, at)) return undefined;
      p.onlyKeys(body, ['any', 'ruleIdIn'], at);
      const hasAny = body.any !== undefined;
      if (hasAny === (body.ruleIdIn !== undefined)) p.add(at, 'needs exactly one of any: true or ruleIdIn: [...]');
      if (hasAny && body.any !== true) p.add(`${at}.any`, 'must be true');
      if (body.ruleIdIn !== undefined && p.isArray(body.ruleIdIn, `${at}.ruleIdIn`, { minLength: 1 })) {
        body.ruleIdIn.forEach((id, i) => p.isString(id, `${at}.ruleIdIn[${i}]`, { pattern: FLAG_ID }));
      }
      return { flag: body as { any?: true; ruleIdIn?: string[] } };
    }
  }
}

function listOf<T extends string>(value: unknown, allowed: readonly T[], path: string, p: ConfigProblems): void {
  if (!p.isArray(value, path, { minLength: 1 })) return;
  value.forEach((v, i) => p.isOneOf(v, allowed, `${path}[${i}]`));
}

function span(value: unknown, path: string, p: ConfigProblems): void {
  if (!p.isObject(value, path)) return;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !['years', 'months', 'days'].includes(keys[0])) {
    p.add(path, 'must be one of {years: N}, {months: N}, {days: N}');
    return;
  }
  p.isInteger(value[keys[0]], `${path}.${keys[0]}`, { min: 1, max: 100 * 366 });
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

export function evaluate(c: Condition, input: GradingInput): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(x, input));
  if ('any' in c) return c.any.some((x) => evaluate(x, input));
  if ('not' in c) return !evaluate(c.not, input);
  if ('atLeast' in c) return c.atLeast.of.filter((x) => evaluate(x, input)).length >= c.atLeast.count;
  if ('concern' in c) {
    const { categoryIn, about = 'child' } = c.concern;
    return input.concerns.some((k) => (about === 'contact' || k.aboutThisChild) && categoryIn.includes(k.category));
  }
  if ('child' in c) {
    const { unborn, ageUnder, ageAtLeast } = c.child;
    if (unborn !== undefined && isUnborn(input.subject, input.receivedOn) !== unborn) return false;
    if (ageUnder && !isAgeUnder(input.subject, input.receivedOn, ageUnder)) return false;
    if (ageAtLeast && !isAgeAtLeast(input.subject, input.receivedOn, ageAtLeast)) return false;
    return true;
  }
  if ('anyChildOnContact' in c) {
    const under = c.anyChildOnContact.ageUnder;
    const householdChildren = input.household.filter((m) => m.dateOfBirth).map((m) => ({ subjectId: '', dateOfBirth: m.dateOfBirth, expectedDeliveryDate: null }));
    return [...input.children, ...householdChildren].some((child) => isAgeUnder(child, input.receivedOn, under));
  }
  if ('householdMember' in c) {
    const { risksAny, risksAll, relationshipIn, resident } = c.householdMember;
    return input.household.some(
      (m) =>
        (!risksAny || m.knownRisks.some((r) => risksAny.includes(r))) &&
        (!risksAll || risksAll.every((r) => m.knownRisks.includes(r))) &&
        (!relationshipIn || relationshipIn.includes(m.relationship)) &&
        (resident === undefined || m.resident === resident),
    );
  }
  if ('referrerUrgency' in c) return input.referrerUrgency !== null && c.referrerUrgency.in.includes(input.referrerUrgency);
  if ('fact' in c) {
    const value = input.facts[c.fact.name];
    if (value === undefined) return false; // a fact the picture does not carry cannot make a rule fire
    if (c.fact.is !== undefined) return value === c.fact.is;
    if (typeof value !== 'number') return false;
    return (c.fact.atLeast === undefined || value >= c.fact.atLeast) && (c.fact.atMost === undefined || value <= c.fact.atMost);
  }
  if ('flag' in c) {
    if (c.flag.any) return input.flags.length > 0;
    return input.flags.some((f) => c.flag.ruleIdIn!.includes(f.ruleId));
  }
  return false;
}

/** Unborn: an expected delivery date and no date of birth on or before the contact date. */
export function isUnborn(child: SubjectForGrading, on: string): boolean {
  if (child.dateOfBirth) return child.dateOfBirth > on;
  return child.expectedDeliveryDate !== null;
}

/** Born, and the date `span` after birth is still after the contact date (364 days old is under 1; 1 year is not). */
export function isAgeUnder(child: SubjectForGrading, on: string, span: Span): boolean {
  if (!child.dateOfBirth || child.dateOfBirth > on) return false;
  return plus(child.dateOfBirth, span) > on;
}

export function isAgeAtLeast(child: SubjectForGrading, on: string, span: Span): boolean {
  if (!child.dateOfBirth || child.dateOfBirth > on) return false;
  return plus(child.dateOfBirth, span) <= on;
}

/**
 * Calendar arithmetic on YYYY-MM-DD dates, without a date library (it runs for every rule of every
 * child): years and months keep the day of the month, clamped to the month's length, so a child born
 * on 29 February turns 1 on 28 February; days are plain days.
 */
export function plus(date: string, span: Span): string {
  const [y, m, d] = date.split('-').map(Number);
  if (span.days) return new Date(Date.UTC(y, m - 1, d + span.days)).toISOString().slice(0, 10);
  const months = (span.years ?? 0) * 12 + (span.months ?? 0);
  const year = y + Math.floor((m - 1 + months) / 12);
  const month = ((m - 1 + months) % 12 + 12) % 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}
