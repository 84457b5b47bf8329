import { DataSource } from 'typeorm';
import { monthsBefore } from '../../src/modules/people/domain/dates';
import { AccumulationFlag, PeopleForTriage, SubjectPicture } from '../../src/modules/people/people-for-triage';
import { ConcernSeed, createContact, HouseholdSeed, SubjectSeed } from '../factories/contact-factory';
import { createDecision, createStatusTransition, daysAfter, uniqueDob, uniqueName, uniqueNhsNumber, uniquePostcode } from '../factories/person-factory';
import { startApi, TestApi } from '../utils/test-app';

/**
 * Accumulation flags (SPEC PPL-4) through the use case triage calls: for each flag, one case exactly at
 * the configured threshold (config/people-history.yaml) and one just below it. Every window counts back
 * from the triaged contact's received time, so the dates here are fixed.
 */
describe('Accumulation flags (SPEC PPL-4)', () => {
  let api: TestApi;
  let ds: DataSource;
  let people: PeopleForTriage;
  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    people = api.app.get(PeopleForTriage);
  });
  afterAll(() => api.close());

  const T0 = new Date('2026-06-15T10:00:00.000Z');

  function newChild(over: SubjectSeed = {}): SubjectSeed {
    return { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode: uniquePostcode(), sex: 'F', ...over };
  }

  function newAdult(relationship: HouseholdSeed['relationship'], over: HouseholdSeed = {}): HouseholdSeed {
    return { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: '1988-07-21', sex: relationship === 'mother' ? 'F' : 'M', relationship, ...over };
  }

  /** A contact received at `at`, matched at once (as triage would). */
  async function contact(at: Date, subjects: SubjectSeed[], opts: { concerns?: ConcernSeed[]; household?: HouseholdSeed[] } = {}) {
    const created = await createContact(ds, { receivedAt: at, subjects, household: opts.household ?? [], concerns: opts.concerns });
    const pictures = await people.prepareContact(created.contact.id);
    return { ...created, pictures };
  }

  const flag = (p: SubjectPicture, ruleId: string): AccumulationFlag | undefined => p.flags.find((f) => f.ruleId === ruleId);

  describe('repeat contacts: >= 3 contacts in 12 months', () => {
    it('at the threshold: the third contact within 12 months flags, with the three contacts', async () => {
      const child = newChild();
      const a = await contact(monthsBefore(T0, 12), [child]);
      const b = await contact(daysAfter(T0, -100), [child]);
      const c = await contact(T0, [child]);
      expect(c.pictures[0].personId).toBe(a.pictures[0].personId);
      expect(flag(c.pictures[0], 'PPL-4.repeat-contacts')).toMatchObject({ threshold: { count: 3, withinMonths: 12 }, causingContactIds: [c.contact.id, b.contact.id, a.contact.id] });
      const [stored] = await ds.query(`SELECT threshold, causing_contact_ids FROM accumulation_flag WHERE subject_id = $1 AND rule_id = 'PPL-4.repeat-contacts'`, [c.subjects[0].id]);
      expect(stored).toEqual({ threshold: { count: 3, withinMonths: 12 }, causing_contact_ids: [c.contact.id, b.contact.id, a.contact.id] });
    });

    it('just below: two in 12 months (the first a day too early) do not', async () => {
      const child = newChild();
      await contact(daysAfter(monthsBefore(T0, 12), -1), [child]);
      await contact(daysAfter(T0, -100), [child]);
      const c = await contact(T0, [child]);
      expect(flag(c.pictures[0], 'PPL-4.repeat-contacts')).toBeUndefined();
    });
  });

  describe('re-contact within 3 months of an NFA or closure', () => {
    async function nfaThenContact(nfaAt: Date) {
      const child = newChild();
      const first = await contact(daysAfter(T0, -200), [child]);
      await createDecision(ds, { contactId: first.contact.id, subjectId: first.subjects[0].id, personId: first.pictures[0].personId, outcome: 'nfa', decidedAt: nfaAt });
      return { first, again: await contact(T0, [child]) };
    }

    it('at the threshold: a contact exactly 3 months after the NFA flags, pointing at the NFA contact', async () => {
      const { first, again } = await nfaThenContact(monthsBefore(T0, 3));
      expect(flag(again.pictures[0], 'PPL-4.recontact-after-closure')).toMatchObject({ threshold: { withinMonths: 3 }, causingContactIds: [again.contact.id, first.contact.id] });
    });

    it('just below: 3 months and a day after the NFA does not', async () => {
      const { again } = await nfaThenContact(daysAfter(monthsBefore(T0, 3), -1));
      expect(flag(again.pictures[0], 'PPL-4.recontact-after-closure')).toBeUndefined();
    });

    it('a case closed (stepped down to universal services) 2 months before counts as a closure too', async () => {
      const child = newChild();
      const first = await contact(daysAfter(T0, -200), [child]);
      await createStatusTransition(ds, { personId: first.pictures[0].personId!, fromLevel: 'child_in_need', toLevel: 'universal', effectiveAt: monthsBefore(T0, 2) });
      const again = await contact(T0, [child]);
      expect(flag(again.pictures[0], 'PPL-4.recontact-after-closure')?.evidence?.[0]).toMatchObject({ kind: 'status_transition' });
    });
  });

  describe('repeat allegation of the same type: 2 in 24 months', () => {
    it('at the threshold: a second injury allegation flags', async () => {
      const child = newChild();
      const first = await contact(daysAfter(T0, -300), [child], { concerns: [{ category: 'injury' }] });
      const again = await contact(T0, [child], { concerns: [{ category: 'injury' }] });
      expect(flag(again.pictures[0], 'PPL-4.repeat-allegation')).toMatchObject({ label: 'Repeat allegation: injury', threshold: { count: 2, withinMonths: 24 }, causingContactIds: [again.contact.id, first.contact.id] });
    });

    it('just below: one injury and one neglect allegation do not', async () => {
      const child = newChild();
      await contact(daysAfter(T0, -300), [child], { concerns: [{ category: 'neglect_indicator' }] });
      const again = await contact(T0, [child], { concerns: [{ category: 'injury' }] });
      expect(flag(again.pictures[0], 'PPL-4.repeat-allegation')).toBeUndefined();
    });
  });

  describe('cumulative harm: >= 3 contacts about the household naming DA, parental substance misuse or mental ill-health, or neglect, in 60 months', () => {
    async function overYears(oldest: Date) {
      const postcode = uniquePostcode();
      const mother = newAdult('mother', { postcode });
      const child = newChild({ postcode });
      const a = await contact(oldest, [child], { concerns: [{ category: 'da_incident' }], household: [mother] });
      const b = await contact(monthsBefore(T0, 30), [child], { concerns: [{ category: 'parental_substance_misuse' }], household: [mother] });
      const now = await contact(T0, [child], { concerns: [{ category: 'da_incident' }], household: [mother] });
      return { a, b, now };
    }

    it('at the threshold: the third in 60 months, no two within 12, flags with the three contacts', async () => {
      const { a, b, now } = await overYears(monthsBefore(T0, 60));
      expect(flag(now.pictures[0], 'PPL-4.cumulative-harm')).toMatchObject({ threshold: { count: 3, withinMonths: 60 }, causingContactIds: [now.contact.id, b.contact.id, a.contact.id] });
      expect(flag(now.pictures[0], 'PPL-4.da-notifications')).toBeUndefined();
    });

    it('just below: the first a day more than 60 months before does not', async () => {
      const { now } = await overYears(daysAfter(monthsBefore(T0, 60), -1));
      expect(flag(now.pictures[0], 'PPL-4.cumulative-harm')).toBeUndefined();
    });
  });

  describe('neglect reported by distinct agencies in 12 months (fact for RAG-2)', () => {
    const agency = async (name: string) => (await ds.query('SELECT id FROM agency WHERE name = $1', [name]))[0].id as string;

    it('at the threshold: a school 12 months before and a GP now are two agencies; the same school twice is one', async () => {
      const child = newChild();
      const [school, gp] = [await agency('Riverside Primary School'), await agency('Hillview GP Practice')];
      await createContact(ds, { receivedAt: monthsBefore(T0, 12), submittedByAgencyId: school, subjects: [child], concerns: [{ category: 'neglect_indicator' }] }).then((c) => people.prepareContact(c.contact.id));
      await createContact(ds, { receivedAt: daysAfter(T0, -5), submittedByAgencyId: school, subjects: [child], concerns: [{ category: 'home_conditions' }] }).then((c) => people.prepareContact(c.contact.id));
      const now = await createContact(ds, { receivedAt: T0, submittedByAgencyId: gp, subjects: [child], concerns: [{ category: 'was_not_brought' }] });
      expect((await people.prepareContact(now.contact.id))[0].facts.neglectReportingAgenciesLast12Months).toBe(2);
    });

    it('just below: the school a day more than 12 months before; a public caller is no agency', async () => {
      const child = newChild();
      const [school, gp] = [await agency('Riverside Primary School'), await agency('Hillview GP Practice')];
      await createContact(ds, { receivedAt: daysAfter(monthsBefore(T0, 12), -1), submittedByAgencyId: school, subjects: [child], concerns: [{ category: 'neglect_indicator' }] }).then((c) => people.prepareContact(c.contact.id));
      await createContact(ds, { receivedAt: daysAfter(T0, -3), channel: 'public', referrerType: 'neighbour', subjects: [child], concerns: [{ category: 'neglect_indicator' }] }).then((c) => people.prepareContact(c.contact.id));
      const now = await createContact(ds, { receivedAt: T0, submittedByAgencyId: gp, subjects: [child], concerns: [{ category: 'neglect_indicator' }] });
      expect((await people.prepareContact(now.contact.id))[0].facts.neglectReportingAgenciesLast12Months).toBe(1);
    });
  });

  describe('DA notifications for the household: >= 3 in 12 months', () => {
    /** `n` DA notifications before the triaged one: the first about the child, the rest about a sibling with the same mother. */
    async function household(earlierDa: number) {
      const postcode = uniquePostcode();
      const mother = newAdult('mother', { postcode });
      const child = newChild({ postcode });
      const sibling = newChild({ postcode });
      const da = [{ category: 'da_incident' as const }];
      const earlier = [];
      for (let i = 0; i < earlierDa; i++) earlier.push(await contact(daysAfter(T0, -30 * (i + 1)), [i === 0 ? child : sibling], { concerns: da, household: [mother] }));
      const now = await contact(T0, [child], { concerns: da, household: [mother] });
      return { earlier, now };
    }

    it('at the threshold: the third in 12 months (one about a sibling) flags', async () => {
      const { earlier, now } = await household(2);
      expect(flag(now.pictures[0], 'PPL-4.da-notifications')).toMatchObject({
        threshold: { count: 3, withinMonths: 12 },
        causingContactIds: [now.contact.id, earlier[0].contact.id, earlier[1].contact.id],
      });
    });

    it('just below: two do not', async () => {
      const { now } = await household(1);
      expect(flag(now.pictures[0], 'PPL-4.da-notifications')).toBeUndefined();
    });
  });

  describe('missing episodes: >= 3 in 90 days', () => {
    async function episodes(oldestDaysAgo: number) {
      const child = newChild();
      const day = (d: number) => daysAfter(T0, -d).toISOString().slice(0, 10);
      const first = await contact(daysAfter(T0, -10), [child], {
        concerns: [
          { category: 'missing_episode', incidentDate: day(oldestDaysAgo) },
          { category: 'missing_episode', incidentDate: day(40) },
        ],
      });
      const now = await contact(T0, [child], { concerns: [{ category: 'missing_episode', incidentDate: day(1) }] });
      return { first, now };
    }

    it('at the threshold: three episodes in 90 days flag (prompting CSE screening)', async () => {
      const { first, now } = await episodes(89);
      expect(flag(now.pictures[0], 'PPL-4.missing-episodes')).toMatchObject({ threshold: { count: 3, withinDays: 90 }, causingContactIds: [now.contact.id, first.contact.id] });
    });

    it('just below: the third episode 91 days ago does not', async () => {
      const { now } = await episodes(91);
      expect(flag(now.pictures[0], 'PPL-4.missing-episodes')).toBeUndefined();
    });
  });

  describe('was-not-brought: >= 2 from any agencies in 6 months', () => {
    it('at the threshold: a second was-not-brought in 6 months flags', async () => {
      const child = newChild();
      const gp = await contact(daysAfter(T0, -150), [child], { concerns: [{ category: 'was_not_brought' }] });
      const now = await contact(T0, [child], { concerns: [{ category: 'was_not_brought' }] });
      expect(flag(now.pictures[0], 'PPL-4.was-not-brought')).toMatchObject({ threshold: { count: 2, withinMonths: 6 }, causingContactIds: [now.contact.id, gp.contact.id] });
    });

    it('just below: one in 6 months (the other 7 months ago) does not', async () => {
      const child = newChild();
      await contact(monthsBefore(T0, 7), [child], { concerns: [{ category: 'was_not_brought' }] });
      const now = await contact(T0, [child], { concerns: [{ category: 'was_not_brought' }] });
      expect(flag(now.pictures[0], 'PPL-4.was-not-brought')).toBeUndefined();
    });
  });

  describe('frequent mover: >= 3 addresses in 12 months', () => {
    // A child who moves does not match on postcode; the NHS number carries the link.
    async function moves(postcodes: string[]) {
      const child = newChild({ nhsNumber: uniqueNhsNumber() });
      const contacts = [];
      for (const [i, postcode] of postcodes.entries()) contacts.push(await contact(daysAfter(T0, -100 * (postcodes.length - 1 - i)), [{ ...child, postcode }]));
      return contacts;
    }

    it('at the threshold: a third address in 12 months flags', async () => {
      const contacts = await moves([uniquePostcode(), uniquePostcode(), uniquePostcode()]);
      const now = contacts[2];
      expect(flag(now.pictures[0], 'PPL-4.frequent-mover')).toMatchObject({ label: '3 addresses in 12 months', threshold: { count: 3, withinMonths: 12 }, causingContactIds: contacts.map((c) => c.contact.id).reverse() });
    });

    it('just below: two addresses do not', async () => {
      const p = uniquePostcode();
      const contacts = await moves([uniquePostcode(), p, p]);
      expect(flag(contacts[2].pictures[0], 'PPL-4.frequent-mover')).toBeUndefined();
    });
  });

  describe('new adult in the household (1 not on earlier contacts in 24 months)', () => {
    it('at the threshold: the mother and a new partner, where before there was only the mother, flags', async () => {
      const postcode = uniquePostcode();
      const child = newChild({ postcode });
      const mother = newAdult('mother', { postcode });
      const partner = newAdult('mothers_partner', { postcode });
      const before = await contact(daysAfter(T0, -200), [child], { household: [mother] });
      const now = await contact(T0, [child], { household: [mother, partner] });
      const partnerPerson = now.household[1].id;
      const [{ person_id }] = await ds.query('SELECT person_id FROM contact_household_member WHERE id = $1', [partnerPerson]);
      expect(flag(now.pictures[0], 'PPL-4.new-adult')).toMatchObject({
        threshold: { count: 1, lookbackMonths: 24 },
        causingContactIds: [now.contact.id, before.contact.id],
        evidence: [{ kind: 'person', id: person_id }],
      });
    });

    it('just below: the same mother again does not', async () => {
      const postcode = uniquePostcode();
      const child = newChild({ postcode });
      const mother = newAdult('mother', { postcode });
      await contact(daysAfter(T0, -200), [child], { household: [mother] });
      const now = await contact(T0, [child], { household: [mother] });
      expect(flag(now.pictures[0], 'PPL-4.new-adult')).toBeUndefined();
    });
  });

  describe('pregnancy or birth in a family already known (>= 1 earlier contact in 60 months)', () => {
    it('at the threshold: a pregnancy reported on a child with one earlier contact flags', async () => {
      const child = newChild();
      const before = await contact(daysAfter(T0, -700), [child]);
      const now = await contact(T0, [child, { firstName: null, lastName: child.lastName, dateOfBirth: null, expectedDeliveryDate: '2026-09-01', sex: 'U' }], { concerns: [{ category: 'pregnancy', subjects: [1] }] });
      expect(flag(now.pictures[0], 'PPL-4.pregnancy-or-birth')).toMatchObject({ threshold: { earlierContacts: 1, lookbackMonths: 60 }, causingContactIds: [now.contact.id, before.contact.id] });
    });

    it('just below: the same pregnancy in a family with no earlier contact does not', async () => {
      const child = newChild();
      const now = await contact(T0, [child, { firstName: null, lastName: child.lastName, dateOfBirth: null, expectedDeliveryDate: '2026-09-01', sex: 'U' }], { concerns: [{ category: 'pregnancy', subjects: [1] }] });
      expect(flag(now.pictures[0], 'PPL-4.pregnancy-or-birth')).toBeUndefined();
    });
  });

  describe('sibling on a current or past CP plan (>= 1)', () => {
    async function siblings(siblingLevels: ('child_in_need' | 'child_protection')[]) {
      const postcode = uniquePostcode();
      const child = newChild({ postcode });
      const sibling = newChild({ postcode, lastName: child.lastName });
      const first = await contact(daysAfter(T0, -400), [child, sibling]);
      const siblingId = first.pictures[1].personId!;
      let from: 'child_in_need' | 'child_protection' | null = null;
      for (const [i, level] of siblingLevels.entries()) {
        await createStatusTransition(ds, { personId: siblingId, fromLevel: from, toLevel: level, effectiveAt: daysAfter(T0, -300 + i * 60), categoryOfAbuse: level === 'child_protection' ? 'NEG' : null });
        from = level;
      }
      return { siblingId, now: await contact(T0, [child]) };
    }

    it('at the threshold: a sibling whose CP plan has ended flags, with the transition as evidence', async () => {
      const { siblingId, now } = await siblings(['child_in_need', 'child_protection', 'child_in_need']);
      const f = flag(now.pictures[0], 'PPL-4.sibling-cp-plan');
      expect(f).toMatchObject({ threshold: { count: 1 } });
      expect(f!.evidence!.every((e) => e.personId === siblingId && e.kind === 'status_transition')).toBe(true);
    });

    it('just below: a sibling only ever a child in need does not', async () => {
      const { now } = await siblings(['child_in_need']);
      expect(flag(now.pictures[0], 'PPL-4.sibling-cp-plan')).toBeUndefined();
    });
  });

  describe('history facts for grading (SPEC RAG-2)', () => {
    it('knows a child on a current CP plan and counts self-harm episodes in 90 days, this contact included', async () => {
      const child = newChild();
      const first = await contact(daysAfter(T0, -120), [child], { concerns: [{ category: 'self_harm' }] });
      await createStatusTransition(ds, { personId: first.pictures[0].personId!, fromLevel: null, toLevel: 'child_protection', effectiveAt: daysAfter(T0, -100), categoryOfAbuse: 'EMO' });
      await contact(daysAfter(T0, -30), [child], { concerns: [{ category: 'suicide_attempt' }] });
      const now = await contact(T0, [child], { concerns: [{ category: 'self_harm' }] });
      expect(now.pictures[0].facts).toEqual({ onCurrentCpPlan: true, everOnCpPlan: true, selfHarmEpisodesLast90Days: 2, neglectReportingAgenciesLast12Months: 0 });
    });

    it('a plan that ended is past, not current', async () => {
      const child = newChild();
      const first = await contact(daysAfter(T0, -120), [child]);
      await createStatusTransition(ds, { personId: first.pictures[0].personId!, fromLevel: null, toLevel: 'child_protection', effectiveAt: daysAfter(T0, -100) });
      await createStatusTransition(ds, { personId: first.pictures[0].personId!, fromLevel: 'child_protection', toLevel: 'child_in_need', effectiveAt: daysAfter(T0, -10) });
      const now = await contact(T0, [child]);
      expect(now.pictures[0].facts).toEqual({ onCurrentCpPlan: false, everOnCpPlan: true, selfHarmEpisodesLast90Days: 0, neglectReportingAgenciesLast12Months: 0 });
    });
  });
});
