'use strict';
/**
 * Realistic, varied contact bodies for the intake and triage benchmarks (shapes as in API.md
 * "Contacts"), drawn from a synthetic population of families, seeded so every run sends the same
 * stream:
 *   - names and postcodes from bench/shared/uk-names.json (common UK names weighted, Smith about 1%,
 *     a long tail of rarer surnames, real North East postcode districts), as the people bench loads;
 *   - a family is a surname, an address, one to three children (an unborn child in one family in ten)
 *     and a mother, a father in six of ten, a mother's partner in three of ten; adults' dates of birth
 *     are given on seven contacts in ten, NHS numbers on half the children;
 *   - about a quarter of contacts are about a family referred before in the same stream (England's
 *     re-referral rate is about 22%), with a name misspelled one time in ten, so matching links known
 *     people, offers candidates and creates new ones as it does in production;
 *   - one to three concerns with CIN factor codes, evidence on 30%, the referrer's view and consent.
 */
const names = require('../shared/uk-names.json');

// The seeded generator of src/common, from the build (every bench runs `nest build` first).
const { mulberry32: prng } = require('../../dist/src/common/mulberry32');

const STREETS = ['Mill Lane', 'Church Road', 'Station Road', 'Victoria Street', 'Park Avenue', 'The Crescent', 'High Street', 'Front Street', 'Elm Grove', 'Westgate Road'];
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
const REPEAT_SHARE = 0.25;

class ContactStream {
  constructor(seed = Number(process.env.BENCH_SEED ?? 1)) {
    this.rand = prng(seed);
    this.families = [];
    this.at = Date.now();
  }

  pick(list) {
    return list[Math.floor(this.rand() * list.length)];
  }

  int(lo, hi) {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }

  /** Skewed towards the front of a list, as common names are (see bench/people/synthetic.ts). */
  skewed(list) {
    return list[Math.floor(list.length * this.rand() ** 1.4)];
  }

  surname() {
    return this.rand() < 0.5 ? this.skewed(names.surnames) : this.pick(names.surnamePrefixes) + this.pick(names.surnameSuffixes);
  }

  firstName(sex) {
    return this.skewed(sex === 'F' ? names.girls : names.boys);
  }

  /** YYYY-MM-DD, `offsetDays` from the time the body is made for. */
  day(offsetDays) {
    return new Date(this.at + offsetDays * 86_400_000).toISOString().slice(0, 10);
  }

  nhs() {
    for (;;) {
      const nine = String(this.int(100_000_000, 899_999_999));
      const sum = [...nine].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
      const check = 11 - (sum % 11);
      if (check !== 10) return nine + (check === 11 ? 0 : check);
    }
  }

  /** How a name may be written on a later contact: a known variant, or two letters swapped. */
  misspell(name) {
    if (names.variants[name]) return this.pick(names.variants[name]);
    if (name.length < 4) return name;
    const i = 1 + Math.floor(this.rand() * (name.length - 2));
    return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
  }

  newFamily() {
    const surname = this.surname();
    const postcode = `${this.pick(names.postcodeDistricts)} ${this.int(0, 9)}${this.pick([...names.inwardLetters])}${this.pick([...names.inwardLetters])}`;
    const address = { line1: `${this.int(1, 200)} ${this.pick(STREETS)}`, town: 'Northshire', postcode, type: 'permanent' };
    const adult = (sex, lastName) => ({ firstName: this.firstName(sex), lastName, sex, dateOfBirth: this.day(-this.int(19 * 365, 50 * 365)) });
    const children = Array.from({ length: this.int(1, 3) }, () => {
      const sex = this.pick(['M', 'F']);
      return { firstName: this.firstName(sex), lastName: surname, sex, dateOfBirth: this.day(-this.int(30, 17 * 365)), nhsNumber: this.rand() < 0.5 ? this.nhs() : null };
    });
    return {
      surname, address, children,
      unbornDue: this.rand() < 0.1 ? this.day(this.int(10, 250)) : null,
      mother: adult('F', surname),
      father: this.rand() < 0.6 ? adult('M', surname) : null,
      partner: this.rand() < 0.3 ? adult('M', this.surname()) : null,
    };
  }

  family() {
    if (this.families.length && this.rand() < REPEAT_SHARE) {
      const family = this.pick(this.families);
      // Referred again later: only while a child of it is still a child.
      if (family.children.some((c) => this.isChild(c))) return { family, repeat: true };
    }
    const family = this.newFamily();
    this.families.push(family);
    return { family, repeat: false };
  }

  isChild(c) {
    return Date.parse(c.dateOfBirth) > this.at - 17.9 * 365.25 * 86_400_000;
  }

  /**
   * A professional or police body; `channel` chosen by the caller's role. Dates are relative to `at`
   * (ms since 1970; now by default): the legacy-import bench makes historical contacts in time order.
   */
  body(channel, at = Date.now()) {
    this.at = at;
    const { family: f, repeat } = this.family();
    const spelt = (name) => (repeat && this.rand() < 0.1 ? this.misspell(name) : name);
    const subjects = f.children.filter((c) => this.isChild(c)).map((c) => ({
      firstName: spelt(c.firstName), lastName: c.lastName, aliases: this.rand() < 0.1 ? [this.firstName(c.sex)] : [], dateOfBirth: c.dateOfBirth, sex: c.sex,
      nhsNumber: c.nhsNumber, address: f.address, school: this.rand() < 0.6 ? 'Riverside Primary School' : null,
      gpPractice: this.rand() < 0.5 ? 'Hillview GP Practice' : null, firstLanguage: this.pick(['English', 'English', 'Polish', 'Urdu']), seenByReferrer: this.rand() < 0.7,
    }));
    // An unborn child only while the birth is still ahead (or just past) on the day of the contact.
    if (f.unbornDue && Date.parse(f.unbornDue) > this.at - 25 * 86_400_000) subjects.push({ lastName: f.surname, expectedDeliveryDate: f.unbornDue, sex: 'U', address: f.address });
    const member = (a, relationship, extra) => ({
      firstName: a.firstName, lastName: a.lastName, sex: a.sex, dateOfBirth: this.rand() < 0.7 ? a.dateOfBirth : null, relationship, ...extra,
    });
    const household = [
      member(f.mother, 'mother', { resident: true, parentalResponsibility: 'yes', knownRisks: [] }),
      ...(f.father ? [member(f.father, 'father', { resident: this.rand() < 0.5, parentalResponsibility: 'yes', knownRisks: [] })] : []),
      ...(f.partner ? [member(f.partner, 'mothers_partner', { resident: true, parentalResponsibility: 'no', knownRisks: ['violence'] })] : []),
    ];
    const concerns = Array.from({ length: this.int(1, 3) }, () => {
      const [category, cinFactorCode] = this.pick(CATEGORIES);
      return { category, cinFactorCode, description: this.pick(NARRATIVE), incidentDate: this.day(-this.int(0, 30)), subjectIndexes: this.rand() < 0.5 ? [] : [0] };
    });
    return {
      channel,
      referrer: { name: `${this.firstName('F')} ${this.surname()}`, role: 'Designated Safeguarding Lead', phone: '01632 960 000', email: 'dsl@school.localhost', relationshipToChild: 'teacher' },
      referrerView: { isChildProtection: this.rand() < 0.3, harm: this.pick(NARRATIVE), whatShouldHappen: 'Assessment of the family', urgency: this.pick(['routine', 'urgent', 'immediate_risk']) },
      consent: this.pick([{ status: 'given' }, { status: 'not_sought_risk', reason: 'Could increase risk to the child' }, { status: 'unknown' }]),
      subjects, household, concerns,
      evidence: this.rand() < 0.3 ? [{ type: this.pick(['photo', 'message', 'witness']), heldBy: 'referrer', description: 'Held by the school' }] : [],
    };
  }
}

module.exports = { ContactStream };
