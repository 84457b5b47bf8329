import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseThresholdFramework } from './framework';
import { ContactForGrading, GradingInput, gradingInputs } from './grading-input';
import { gradeSubject } from './rule-engine';

/**
 * SPEC INT-10: referrer type, anonymity and professional status are never inputs to the grade or the
 * SLA (and ethnicity and area never either: TRI 2.4.2, DUD 6.68). Proved three ways: the engine's
 * input types cannot hold those keys (compile time), no input built for grading carries them (run
 * time), and the integration test grades a school's and an anonymous caller's identical contacts
 * through the worker and compares grades and deadlines.
 */
const FORBIDDEN = ['referrerType', 'anonymous', 'channel', 'referralSource', 'referrer', 'submittedByUserId', 'submittedByAgencyId', 'ethnicity', 'postcode', 'address', 'addressLine1', 'town', 'area', 'firstName', 'lastName'] as const;
type Forbidden = (typeof FORBIDDEN)[number];

/** Every property name reachable in a type, through arrays and nested objects. */
type DeepKeys<T> = T extends readonly (infer U)[] ? DeepKeys<U> : T extends object ? { [K in keyof T & string]: K | DeepKeys<T[K]> }[keyof T & string] : never;
type Leaks<T> = Extract<DeepKeys<T>, Forbidden>;

// Compile-time proof: if a forbidden key is ever added to the inputs, these lines stop compiling.
const noLeakInContact: [Leaks<ContactForGrading>] extends [never] ? true : false = true;
const noLeakInInput: [Leaks<GradingInput>] extends [never] ? true : false = true;

function deepKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => deepKeys(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      deepKeys(v, out);
    }
  }
  return out;
}

describe('grading is source-neutral (SPEC INT-10)', () => {
  const framework = parseThresholdFramework(parse(readFileSync(join(__dirname, '../../../../config/thresholds/rag-framework-v2.yaml'), 'utf8')));
  const contact: ContactForGrading = {
    receivedOn: '2026-11-20',
    referrerUrgency: 'urgent',
    subjects: [{ subjectId: 's1', dateOfBirth: '2022-01-01', expectedDeliveryDate: null }],
    concerns: [{ category: 'da_incident', cinFactorCode: '3A', subjectIds: [] }],
    household: [{ relationship: 'mothers_partner', resident: true, knownRisks: ['violence'], dateOfBirth: null }],
  };

  it('the engine input types have no place for referrer type, anonymity, channel, ethnicity or area', () => {
    expect(noLeakInContact && noLeakInInput).toBe(true);
  });

  it('no input built for grading carries any of those keys', () => {
    const keys = deepKeys(gradingInputs(contact, new Map([['s1', { flags: [{ ruleId: 'PPL-4.repeat-contacts' }], facts: { onCurrentCpPlan: false } }]])));
    expect([...keys].filter((k) => (FORBIDDEN as readonly string[]).includes(k))).toEqual([]);
  });

  it('extra fields smuggled onto the contact object do not reach the engine or change the grade', () => {
    const fromSchool = { ...contact, referrerType: 'professional', anonymous: false, channel: 'professional', referralSource: '2A' } as ContactForGrading;
    const anonymous = { ...contact, referrerType: 'anonymous', anonymous: true, channel: 'public', referralSource: '1D' } as ContactForGrading;
    const [a] = gradingInputs(fromSchool, new Map());
    const [b] = gradingInputs(anonymous, new Map());
    expect(a).toEqual(b);
    expect(gradeSubject(framework, a)).toEqual(gradeSubject(framework, b));
    expect(gradeSubject(framework, a).grade).toBe('AMBER'); // DA with a child under 5
  });
});
