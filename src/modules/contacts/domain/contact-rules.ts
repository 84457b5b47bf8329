import { expectedDeliveryWindow, isChildOn } from './calendar-date';
import type { ConcernInput, ContactInput, HouseholdInput, SubjectInput } from './contact-input';
import { parseNhsNumber } from './nhs-number';
import { PUBLIC_REFERRAL_SOURCES } from './referrer-type';
import type { RuleBreak } from '../../../common/rule-break';

/** One broken rule: the field (`subjects[0].dateOfBirth`), the rule id and words a referrer understands. */
export interface RuleContext {
  /** The contact's date in England (YYYY-MM-DD): ages and date windows are measured from it. */
  contactDate: string;
  kind: 'professional' | 'public';
  referralSources: ReadonlySet<string>;
  cinFactorCodes: ReadonlySet<string>;
}

const has = (s: string | null | undefined) => typeof s === 'string' && s.trim().length > 0;

/**
 * The rules of SPEC INT-3 to INT-6 that the shape of the body cannot express. A contact is refused
 * only when it cannot be acted on or holds something impossible: never for missing consent, a missing
 * signature or any optional field. Dates are already known to be calendar dates (checked with the types).
 */
export function checkContact(input: ContactInput, ctx: RuleContext): RuleBreak[] {
  const out: RuleBreak[] = [];
  checkReferralSource(input.referralSource, ctx, out);
  input.subjects.forEach((s, i) => checkSubject(s, `subjects[${i}]`, ctx, out));
  (input.household ?? []).forEach((m, i) => checkHouseholdMember(m, `household[${i}]`, ctx, out));
  out.push(...checkConcerns(input.concerns, input.subjects.length, ctx, 'concerns'));
  return out;
}

/** Concerns are checked on their own too, for information added later (POST .../information). */
export function checkConcerns(concerns: ConcernInput[], subjectCount: number, ctx: RuleContext, path: string): RuleBreak[] {
  const out: RuleBreak[] = [];
  concerns.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!has(c.description)) {
      out.push({ field: `${at}.description`, rule: 'INT-6.concern-text', message: 'Describe the concern: what happened or what you are worried about' });
    }
    if (c.cinFactorCode != null && !ctx.cinFactorCodes.has(c.cinFactorCode)) {
      out.push({ field: `${at}.cinFactorCode`, rule: 'INT-5.cin-factor-code', message: `${c.cinFactorCode} is not a CIN census factor code` });
    }
    if (c.incidentDate && c.incidentDate > ctx.contactDate) {
      out.push({ field: `${at}.incidentDate`, rule: 'INT-6.not-in-future', message: 'The incident date cannot be after today' });
    }
    const indexes = c.subjectIndexes ?? [];
    indexes.forEach((n, j) => {
      if (n >= subjectCount) {
        out.push({ field: `${at}.subjectIndexes[${j}]`, rule: 'INT-5.subject-index', message: `There is no child number ${n} on this contact (children are numbered from 0)` });
      } else if (indexes.indexOf(n) !== j) {
        out.push({ field: `${at}.subjectIndexes[${j}]`, rule: 'INT-5.subject-index', message: `Child number ${n} is listed twice` });
      }
    });
  });
  return out;
}

function checkReferralSource(code: string | null | undefined, ctx: RuleContext, out: RuleBreak[]): void {
  if (code == null) return;
  if (ctx.kind === 'public' && !(PUBLIC_REFERRAL_SOURCES as readonly string[]).includes(code)) {
    out.push({ field: 'referralSource', rule: 'INT-2.public-referral-source', message: `A public contact's referral source is one of ${PUBLIC_REFERRAL_SOURCES.join(', ')}` });
  } else if (!ctx.referralSources.has(code)) {
    out.push({ field: 'referralSource', rule: 'INT-2.referral-source', message: `${code} is not a CIN census referral source code` });
  }
}

function checkSubject(s: SubjectInput, at: string, ctx: RuleContext, out: RuleBreak[]): void {
  const identifiable =
    has(s.firstName) || has(s.lastName) || (s.aliases ?? []).some(has) || has(s.description) || s.dateOfBirth || s.expectedDeliveryDate ||
    has(s.nhsNumber) || has(s.address?.line1) || has(s.address?.postcode) || has(s.school);
  if (!identifiable) {
    out.push({
      field: at,
      rule: 'INT-6.subject-description',
      message: 'Tell us something about this child: a name, a date of birth, where they live or go to school, or a description',
    });
  }
  if (s.dateOfBirth && s.expectedDeliveryDate) {
    out.push({ field: `${at}.expectedDeliveryDate`, rule: 'INT-3.dob-or-edd', message: 'A child has a date of birth or, if not yet born, an expected delivery date: not both' });
  }
  if (s.dateOfBirth) {
    if (s.dateOfBirth > ctx.contactDate) {
      out.push({ field: `${at}.dateOfBirth`, rule: 'INT-6.not-in-future', message: 'Date of birth cannot be in the future' });
    } else if (!isChildOn(s.dateOfBirth, ctx.contactDate)) {
      out.push({
        field: `${at}.dateOfBirth`,
        rule: 'INT-3.adult-subject',
        message: 'This person is 18 or over today, so is not a child: report concerns about an adult to adult social care. A child of 17 can be referred here.',
      });
    }
  }
  if (s.expectedDeliveryDate) {
    const { earliest, latest } = expectedDeliveryWindow(ctx.contactDate);
    if (s.expectedDeliveryDate < earliest || s.expectedDeliveryDate > latest) {
      out.push({
        field: `${at}.expectedDeliveryDate`,
        rule: 'INT-3.edd-window',
        message: `The expected delivery date must be between ${earliest} and ${latest} (no more than one month ago and within the next ten months); a child already born needs a date of birth`,
      });
    }
  }
  checkNhsNumber(s.nhsNumber, at, out);
}

export function checkHouseholdMember(m: HouseholdInput, at: string, ctx: RuleContext, out: RuleBreak[]): void {
  if (m.dateOfBirth && m.dateOfBirth > ctx.contactDate) {
    out.push({ field: `${at}.dateOfBirth`, rule: 'INT-6.not-in-future', message: 'Date of birth cannot be in the future' });
  }
  // SPEC INT-4: fathers and male partners explicitly, or "unknown" with a reason. A professional can say
  // why a person is not named; the public is never asked to.
  const named = has(m.firstName) || has(m.lastName) || (m.aliases ?? []).some(has);
  if (ctx.kind === 'professional' && !named && !has(m.unknownReason)) {
    out.push({ field: `${at}.unknownReason`, rule: 'INT-4.unknown-reason', message: 'This person has no name: say why it is not known' });
  }
  checkNhsNumber(m.nhsNumber, at, out);
}

function checkNhsNumber(value: string | null | undefined, at: string, out: RuleBreak[]): void {
  if (value != null && parseNhsNumber(value) === null) {
    out.push({ field: `${at}.nhsNumber`, rule: 'INT-3.nhs-number', message: 'This is not a valid NHS number: 10 digits whose last digit is the check digit' });
  }
}
