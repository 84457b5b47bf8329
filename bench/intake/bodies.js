'use strict';
/** Realistic, varied contact bodies for the intake benchmark (shapes as in API.md "Contacts"). */

const FIRST = ['Amelia', 'Olivia', 'Isla', 'Ava', 'Mia', 'Noah', 'Oliver', 'George', 'Leo', 'Arthur', 'Zofia', 'Mohammed', 'Aisha', 'Kacper', 'Freya', 'Harry', 'Lily', 'Jack'];
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Khan', 'Nowak', 'Evans', 'Thomas', 'Roberts', 'Walker'];
const STREETS = ['Mill Lane', 'Church Road', 'Station Road', 'Victoria Street', 'Park Avenue', 'The Crescent', 'High Street'];
const CATEGORIES = [
  ['injury', '18C'], ['da_incident', '3A'], ['neglect_indicator', '16A'], ['emotional_abuse', '17A'], ['missing_episode', '10A'], ['self_harm', '15A'],
  ['parental_mental_health', '4B'], ['parental_substance_misuse', '2B'], ['home_conditions', null], ['was_not_brought', null], ['other', '20'],
];
const NARRATIVE = [
  'Child arrived at school with a bruise on the left cheek and said "mum\'s boyfriend did it".',
  'Neighbour reports shouting and a child crying late most nights over the past two weeks.',
  'Child has been hungry every morning, wearing the same clothes all week, and asked staff for food to take home.',
  'Police attended a domestic incident at the address; two children were present and one was seen.',
  'Mother disclosed to the health visitor that she has stopped taking her medication and feels unable to cope.',
];
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const int = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
const day = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

function nhs() {
  for (;;) {
    const nine = String(int(100_000_000, 899_999_999));
    const sum = [...nine].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check !== 10) return nine + (check === 11 ? 0 : check);
  }
}

function subject(last, address) {
  if (Math.random() < 0.1) return { lastName: last, expectedDeliveryDate: day(int(10, 250)), sex: 'U', address };
  return {
    firstName: pick(FIRST), lastName: last, aliases: Math.random() < 0.2 ? [pick(FIRST)] : [], dateOfBirth: day(-int(30, 17 * 365)), sex: pick(['M', 'F']),
    nhsNumber: Math.random() < 0.5 ? nhs() : null, address, school: Math.random() < 0.6 ? 'Riverside Primary School' : null,
    gpPractice: Math.random() < 0.5 ? 'Hillview GP Practice' : null, firstLanguage: pick(['English', 'English', 'Polish', 'Urdu']), seenByReferrer: Math.random() < 0.7,
  };
}

/** A professional or police body; `channel` chosen by the caller's role. */
function contactBody(channel) {
  const last = pick(LAST);
  const address = { line1: `${int(1, 200)} ${pick(STREETS)}`, town: 'Northshire', postcode: `NN${int(1, 9)} ${int(1, 9)}${pick(['AB', 'CD', 'EF'])}`, type: 'permanent' };
  const subjects = Array.from({ length: int(1, 3) }, () => subject(last, address));
  const household = [
    { firstName: pick(FIRST), lastName: last, relationship: 'mother', sex: 'F', resident: true, parentalResponsibility: 'yes', knownRisks: [] },
    ...(Math.random() < 0.6 ? [{ firstName: pick(FIRST), lastName: last, relationship: 'father', sex: 'M', resident: Math.random() < 0.5, parentalResponsibility: 'yes', knownRisks: [] }] : []),
    ...(Math.random() < 0.3 ? [{ firstName: pick(FIRST), lastName: pick(LAST), relationship: 'mothers_partner', sex: 'M', resident: true, parentalResponsibility: 'no', knownRisks: ['violence'] }] : []),
  ];
  const concerns = Array.from({ length: int(1, 3) }, () => {
    const [category, cinFactorCode] = pick(CATEGORIES);
    return { category, cinFactorCode, description: pick(NARRATIVE), incidentDate: day(-int(0, 30)), subjectIndexes: Math.random() < 0.5 ? [] : [0] };
  });
  return {
    channel,
    referrer: { name: `${pick(FIRST)} ${pick(LAST)}`, role: 'Designated Safeguarding Lead', phone: '01632 960 000', email: 'dsl@school.localhost', relationshipToChild: 'teacher' },
    referrerView: { isChildProtection: Math.random() < 0.3, harm: pick(NARRATIVE), whatShouldHappen: 'Assessment of the family', urgency: pick(['routine', 'urgent', 'immediate_risk']) },
    consent: pick([{ status: 'given' }, { status: 'not_sought_risk', reason: 'Could increase risk to the child' }, { status: 'unknown' }]),
    subjects, household, concerns,
    evidence: Math.random() < 0.3 ? [{ type: pick(['photo', 'message', 'witness']), heldBy: 'referrer', description: 'Held by the school' }] : [],
  };
}

module.exports = { contactBody };
