import { randomBytes } from 'node:crypto';
import UK_NAMES from '../../bench/shared/uk-names.json';

/** Request bodies for the contact intake tests: realistic, with dates relative to today. */

export const today = () => new Date().toISOString().slice(0, 10);

/** A date `years`, `months` and `days` from today (negative for the past), YYYY-MM-DD. */
export function dateFromToday({ years = 0, months = 0, days = 0 }): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + years, d.getUTCMonth() + months, d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A valid NHS number (modulus 11) from nine digits. */
export function nhsNumber(nine = String(100_000_000 + Math.floor(Math.random() * 800_000_000))): string {
  for (;;) {
    const sum = [...nine].reduce((acc, digit, i) => acc + Number(digit) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check !== 10) return nine + String(check === 11 ? 0 : check);
    nine = String(Number(nine) + 1);
  }
}

export const tag = () => randomBytes(3).toString('hex');

/** The acceptance contact: two children, an unborn child, mother, father (PR), mother's partner, three concerns, a photo. */
export function familyContact(t = tag()) {
  return {
    channel: 'professional',
    referrer: { name: `Dee Ess-Ell ${t}`, role: 'Designated Safeguarding Lead', organisation: 'Riverside Primary School', phone: '01632 960 001', email: 'dsl@riverside.localhost', relationshipToChild: 'teacher' },
    referralSource: '2A',
    referrerView: { isChildProtection: true, harm: 'Bruising to the upper arm,\nconsistent with gripping.', whatShouldHappen: 'Strategy discussion', urgency: 'immediate_risk' },
    consent: { status: 'not_sought_risk', reason: 'Asking the mother could put the children at risk from her partner' },
    subjects: [
      {
        firstName: `Amy${t}`, lastName: `Family${t}`, aliases: ['Amy-Lou'], dateOfBirth: dateFromToday({ years: -7, days: -12 }), sex: 'F', nhsNumber: '943 476 5919',
        address: { line1: '4 Mill Lane', line2: 'Flat 2', town: 'Northshire', postcode: 'nn1 2ab', type: 'permanent' }, school: 'Riverside Primary School',
        gpPractice: 'Hillview GP Practice', disability: null, communicationNeeds: 'Uses Makaton', firstLanguage: 'Polish', interpreterNeeded: true, seenByReferrer: true,
      },
      { firstName: `Ben${t}`, lastName: `Family${t}`, dateOfBirth: dateFromToday({ years: -3, months: -2 }), sex: 'M', address: { line1: '4 Mill Lane', postcode: 'NN1 2AB', type: 'permanent' }, seenByReferrer: false },
      { lastName: `Family${t}`, expectedDeliveryDate: dateFromToday({ months: 3 }), sex: 'U', address: { line1: '4 Mill Lane', postcode: 'NN1 2AB', type: 'permanent' } },
    ],
    household: [
      { firstName: `Carla${t}`, lastName: `Family${t}`, dateOfBirth: '1994-05-06', sex: 'F', relationship: 'mother', resident: true, parentalResponsibility: 'yes', knownRisks: ['mental_ill_health'], postcode: 'NN1 2AB' },
      { firstName: `Dan${t}`, lastName: `Family${t}`, sex: 'M', relationship: 'father', resident: false, parentalResponsibility: 'yes', knownRisks: [], nhsNumber: '4010232137' },
      { firstName: `Ed${t}`, lastName: `Partner${t}`, aliases: ['Eddie'], sex: 'M', relationship: 'mothers_partner', resident: true, parentalResponsibility: 'no', knownRisks: ['violence', 'domestic_abuse_perpetrator'] },
    ],
    concerns: [
      { category: 'injury', cinFactorCode: '18C', description: 'Amy has finger-shaped bruises on her upper arm.', incidentDate: dateFromToday({ days: -1 }), subjectIndexes: [0] },
      { category: 'da_incident', cinFactorCode: '3B', description: 'Amy says Ed shouted and pushed her mum last weekend.', incidentDate: dateFromToday({ days: -5 }), subjectIndexes: [] },
      { category: 'pregnancy', description: 'Mother is pregnant; partner known for violence.', subjectIndexes: [2] },
    ],
    evidence: [{ type: 'photo', heldBy: 'referrer', description: 'Photo of the bruising taken by the school nurse' }],
  };
}

/** A small professional contact. */
export function simpleContact(t = tag(), extra: Record<string, unknown> = {}) {
  return {
    channel: 'professional',
    subjects: [{ firstName: `Kid${t}`, lastName: `Test${t}`, dateOfBirth: dateFromToday({ years: -9 }), sex: 'M' }],
    concerns: [{ category: 'neglect_indicator', description: `Often hungry at school (${t})` }],
    ...extra,
  };
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

/**
 * A small professional contact about a child with a realistic, random name, date of birth and
 * postcode (the name lists of the benchmarks), for load in the fault tests: contacts whose names all
 * sound alike ("Kid1a2b3c Test1a2b3c") make every person search meet thousands of near-matches, so a
 * test's time would grow with the contacts earlier tests left in the database.
 */
export function variedContact() {
  const sex = pick(['M', 'F'] as const);
  const postcode = `${pick(UK_NAMES.postcodeDistricts)} ${Math.floor(Math.random() * 10)}${pick([...UK_NAMES.inwardLetters])}${pick([...UK_NAMES.inwardLetters])}`;
  return {
    channel: 'professional',
    subjects: [{
      firstName: pick(sex === 'F' ? UK_NAMES.girls : UK_NAMES.boys), lastName: pick(UK_NAMES.surnames), dateOfBirth: dateFromToday({ days: -(30 + Math.floor(Math.random() * 17 * 365)) }), sex,
      address: { line1: `${1 + Math.floor(Math.random() * 200)} Mill Lane`, postcode, type: 'permanent' },
    }],
    concerns: [{ category: 'neglect_indicator', description: 'Often hungry at school' }],
  };
}

/** An anonymous public contact, as a neighbour might make it. */
export function anonymousPublicContact(t = tag()) {
  return {
    anonymous: true,
    subjects: [{ description: `The little girl at number 7, about five (${t})`, address: { line1: '7 Mill Lane', postcode: 'NN1 2AB' } }],
    concerns: [{ category: 'home_conditions', description: 'She is often outside alone late at night, crying.' }],
  };
}
