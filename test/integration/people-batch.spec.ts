import { DataSource, EntityManager } from 'typeorm';
import { PeopleForTriage, SubjectPicture } from '../../src/modules/people/people-for-triage';
import { ConcernSeed, createContact, HouseholdSeed, SubjectSeed } from '../factories/contact-factory';
import { daysAfter, uniqueDob, uniqueName, uniqueNhsNumber, uniquePostcode } from '../factories/person-factory';
import { startApi, TestApi } from '../utils/test-app';

/**
 * Batch grading's people step (SPEC PPL-1 to PPL-4, PERF-3): `prepareContacts` over a batch ends
 * exactly as `prepareContact` on each contact, one after another in the order given, would have;
 * and two batches about the same new child at the same moment make one person.
 */
describe('People step of a batch of contacts (SPEC PPL-1 to PPL-4)', () => {
  let api: TestApi;
  let ds: DataSource;
  let people: PeopleForTriage;
  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    people = api.app.get(PeopleForTriage);
  });
  afterAll(() => api.close());

  const T0 = new Date('2026-05-20T09:00:00.000Z');

  function child(over: SubjectSeed = {}): SubjectSeed {
    return { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode: uniquePostcode(), sex: 'M', ...over };
  }

  interface Seed {
    label: string;
    at: Date;
    subjects: SubjectSeed[];
    household?: HouseholdSeed[];
    concerns?: ConcernSeed[];
  }

  async function create(seeds: Seed[]): Promise<{ label: string; id: string }[]> {
    const out = [];
    for (const s of seeds) {
      const { contact } = await createContact(ds, { receivedAt: s.at, subjects: s.subjects, household: s.household ?? [], concerns: s.concerns });
      out.push({ label: s.label, id: contact.id });
    }
    return out;
  }

  /**
   * Everything the people step leaves for the batch's contacts, as seen inside its transaction, with
   * ids a second run cannot share replaced by what they stand for: a person the step created by the
   * first source linked to it, a source and a contact by their place in the scenario.
   */
  async function snapshot(em: EntityManager, contacts: { label: string; id: string }[], pictures: Map<string, SubjectPicture[]>) {
    const contactLabel = new Map(contacts.map((c) => [c.id, c.label]));
    const ids = contacts.map((c) => c.id);
    const sources: { id: string; contact_id: string; kind: string; position: number; person_id: string | null }[] = await em.query(
      `SELECT id, contact_id, 'contact_subject' AS kind, position, person_id FROM contact_subject WHERE contact_id = ANY($1::uuid[])
       UNION ALL SELECT id, contact_id, 'contact_household_member', position, person_id FROM contact_household_member WHERE contact_id = ANY($1::uuid[])`,
      [ids],
    );
    const sourceLabel = new Map(sources.map((s) => [s.id, `${contactLabel.get(s.contact_id)}/${s.kind === 'contact_subject' ? 'subject' : 'household'}${s.position}`]));
    const created: { id: string }[] = await em.query(`SELECT id FROM person WHERE created_at = now()`);
    const isNew = new Set(created.map((p) => p.id));
    const personLabel = new Map<string, string>();
    for (const s of [...sources].sort((a, b) => sourceLabel.get(a.id)!.localeCompare(sourceLabel.get(b.id)!))) {
      if (s.person_id && !personLabel.has(s.person_id)) personLabel.set(s.person_id, isNew.has(s.person_id) ? `new person of ${sourceLabel.get(s.id)}` : `known ${s.person_id}`);
    }
    const pl = (id: string | null) => (id === null ? null : (personLabel.get(id) ?? (isNew.has(id) ? 'new person of no source' : `known ${id}`)));
    const cl = (id: string) => contactLabel.get(id) ?? id;
    const sl = (id: string) => sourceLabel.get(id) ?? id;
    const matches = await em.query(`SELECT source_id, status, method, person_id, score FROM person_match WHERE contact_id = ANY($1::uuid[])`, [ids]);
    const candidates = await em.query(`SELECT source_id, person_id, score, status FROM person_match_candidate WHERE contact_id = ANY($1::uuid[])`, [ids]);
    const relationships = await em.query(
      `SELECT source_contact_id, person_id, related_person_id, relationship, parental_responsibility, resident, valid_from, valid_to FROM person_relationship WHERE source_contact_id = ANY($1::uuid[])`,
      [ids],
    );
    const stored = await em.query(`SELECT subject_id, person_id, rule_id, causing_contact_ids, threshold FROM accumulation_flag WHERE contact_id = ANY($1::uuid[])`, [ids]);
    const names = await em.query(`SELECT person_id, kind, first_name, last_name, source_id FROM person_name WHERE contact_id = ANY($1::uuid[])`, [ids]);
    const addresses = await em.query(`SELECT person_id, postcode, source_id FROM person_address WHERE contact_id = ANY($1::uuid[])`, [ids]);
    const personIds = [...personLabel.keys()];
    const summaries = await em.query(`SELECT id, first_name, last_name, date_of_birth::text AS dob, nhs_number, postcode, sex FROM person WHERE id = ANY($1::uuid[])`, [personIds]);
    const audits = await em.query(`SELECT action, entity_type, entity_id, summary FROM audit_event WHERE summary->>'contactId' = ANY($1::text[]) ORDER BY seq`, [ids]);
    const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
    return {
      links: Object.fromEntries(sources.map((s) => [sl(s.id), pl(s.person_id)])),
      matches: sorted(matches.map((m: { source_id: string; person_id: string | null }) => ({ ...m, source_id: sl(m.source_id), person_id: pl(m.person_id) }))),
      candidates: sorted(candidates.map((c: { source_id: string; person_id: string }) => ({ ...c, source_id: sl(c.source_id), person_id: pl(c.person_id) }))),
      relationships: sorted(relationships.map((r: { source_contact_id: string; person_id: string; related_person_id: string }) => ({ ...r, source_contact_id: cl(r.source_contact_id), person_id: pl(r.person_id), related_person_id: pl(r.related_person_id) }))),
      storedFlags: sorted(stored.map((f: { subject_id: string; person_id: string | null; causing_contact_ids: string[] }) => ({ ...f, subject_id: sl(f.subject_id), person_id: pl(f.person_id), causing_contact_ids: f.causing_contact_ids.map(cl) }))),
      names: sorted(names.map((n: { person_id: string; source_id: string }) => ({ ...n, person_id: pl(n.person_id), source_id: sl(n.source_id) }))),
      addresses: sorted(addresses.map((a: { person_id: string; source_id: string }) => ({ ...a, person_id: pl(a.person_id), source_id: sl(a.source_id) }))),
      summaries: sorted(summaries.map((p: { id: string }) => ({ ...p, id: pl(p.id) }))),
      audits: audits.map((a: { action: string; entity_type: string; entity_id: string; summary: Record<string, unknown> }) => ({
        action: a.action,
        entity: a.entity_type === 'person' ? pl(a.entity_id) : sl(a.entity_id),
        summary: { ...a.summary, contactId: cl(a.summary.contactId as string), sourceId: a.summary.sourceId && sl(a.summary.sourceId as string), candidates: (a.summary.candidates as { personId: string }[] | undefined)?.map((c) => ({ ...c, personId: pl(c.personId) })) },
      })),
      pictures: contacts.map((c) =>
        (pictures.get(c.id) ?? []).map((p) => ({
          ...p,
          subjectId: sl(p.subjectId),
          personId: pl(p.personId),
          flags: p.flags.map((f) => ({ ...f, causingContactIds: f.causingContactIds.map(cl), evidence: f.evidence?.map((e) => ({ ...e, id: e.kind === 'person' ? pl(e.id) : e.id, personId: e.personId && pl(e.personId) })) })),
        })),
      ),
    };
  }

  /** Runs `step` in a transaction, takes the snapshot in it, and rolls it back: the next run starts from the same data. */
  async function rolledBack(contacts: { label: string; id: string }[], step: (em: EntityManager) => Promise<Map<string, SubjectPicture[]>>) {
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const pictures = await step(runner.manager);
      return await snapshot(runner.manager, contacts, pictures);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('ends exactly as preparing the contacts one after another in the order given would', async () => {
    // A known family: a child and the mother, two domestic abuse notifications already on record.
    const family = uniqueName();
    const knownChild = child({ lastName: family, nhsNumber: uniqueNhsNumber() });
    const mother: HouseholdSeed = { firstName: uniqueName(), lastName: family, nhsNumber: uniqueNhsNumber(), relationship: 'mother', sex: 'F' };
    const da: ConcernSeed[] = [{ category: 'da_incident' }];
    const known = await create([
      { label: 'K1', at: daysAfter(T0, -200), subjects: [knownChild], household: [mother], concerns: da },
      { label: 'K2', at: daysAfter(T0, -100), subjects: [knownChild], household: [mother], concerns: da },
    ]);
    for (const k of known) await people.prepareContact(k.id);

    // A known child whose date of birth a contact corrects (by NHS number, no name), then a contact
    // under the old one: one after another, the second no longer finds the child by it.
    const corrected = child({ nhsNumber: uniqueNhsNumber() });
    // A known child, and a contact about that child (by NHS number) and a twin: the twin is not
    // offered the known child, who is already on the contact.
    const twin = child({ nhsNumber: uniqueNhsNumber(), sex: 'F' });
    known.push(...(await create([
      { label: 'K3', at: daysAfter(T0, -50), subjects: [corrected] },
      { label: 'K4', at: daysAfter(T0, -40), subjects: [twin] },
    ])));
    for (const k of known.slice(2)) await people.prepareContact(k.id);

    const byNhs = child({ nhsNumber: uniqueNhsNumber() });
    const byDobAndPostcode = child();
    const byPostcode = child();
    const byName = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: null, sex: 'M' as const };
    const typo = child();
    const yearOut = `${Number(typo.dateOfBirth!.slice(0, 4)) + 1}${typo.dateOfBirth!.slice(4)}`;
    const batch = await create([
      { label: 'nhs-1', at: daysAfter(T0, -9), subjects: [byNhs] },
      { label: 'dob-postcode-1', at: daysAfter(T0, -9), subjects: [byDobAndPostcode], household: [{ firstName: uniqueName(), lastName: byDobAndPostcode.lastName, relationship: 'father', sex: 'M' }] },
      { label: 'postcode-1', at: daysAfter(T0, -8), subjects: [byPostcode] },
      { label: 'name-1', at: daysAfter(T0, -8), subjects: [byName] },
      { label: 'nhs-2', at: daysAfter(T0, -2), subjects: [{ ...byNhs, firstName: uniqueName(), lastName: uniqueName() }] },
      { label: 'dob-postcode-2', at: daysAfter(T0, -2), subjects: [byDobAndPostcode] },
      { label: 'postcode-2', at: daysAfter(T0, -1), subjects: [{ ...byPostcode, dateOfBirth: null }] },
      { label: 'name-2', at: daysAfter(T0, -1), subjects: [byName] },
      // The same new child with the year of birth a year out, elsewhere: no identity key in common.
      { label: 'typo-1', at: daysAfter(T0, -8), subjects: [typo] },
      { label: 'typo-2', at: daysAfter(T0, -8), subjects: [{ ...typo, dateOfBirth: yearOut, postcode: uniquePostcode() }] },
      { label: 'dob-corrected', at: daysAfter(T0, -7), subjects: [{ nhsNumber: corrected.nhsNumber, firstName: null, lastName: null, dateOfBirth: uniqueDob(), sex: 'M' }] },
      { label: 'old-dob', at: daysAfter(T0, -7), subjects: [{ ...corrected, nhsNumber: null, postcode: uniquePostcode() }] },
      { label: 'twins', at: daysAfter(T0, -6), subjects: [twin, { ...twin, nhsNumber: null, firstName: uniqueName() }] },
      { label: 'no-subjects', at: daysAfter(T0, -7), subjects: [], household: [{ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: '1979-03-14', relationship: 'other', sex: 'M' }] },
      // The known child again (by NHS number), then a new brother with the same mother (by hers),
      // received before it: one after another, the child's flags do not count the brother's contact.
      { label: 'known-again', at: daysAfter(T0, -3), subjects: [{ ...knownChild, postcode: null, dateOfBirth: null }], concerns: da },
      { label: 'brother', at: daysAfter(T0, -5), subjects: [child({ lastName: family })], household: [{ firstName: mother.firstName, lastName: family, nhsNumber: mother.nhsNumber, relationship: 'mother', sex: 'F' }], concerns: da },
    ]);
    const ids = batch.map((c) => c.id);

    const oneByOne = await rolledBack(batch, async (em) => {
      const pictures = new Map<string, SubjectPicture[]>();
      for (const id of ids) pictures.set(id, await people.prepareContact(id, em));
      return pictures;
    });
    const together = await rolledBack(batch, (em) => people.prepareContacts(ids, em));

    expect(together).toEqual(oneByOne);
    // The scenario holds what it is meant to: the same new child twice is one person, a known child
    // is linked again, and the brother's contact is not among the known child's notifications.
    expect(oneByOne.links['nhs-2/subject0']).toBe(oneByOne.links['nhs-1/subject0']);
    expect(oneByOne.links['dob-postcode-2/subject0']).toBe(oneByOne.links['dob-postcode-1/subject0']);
    expect(oneByOne.links['postcode-2/subject0']).toBeNull();
    const candidateOf = (label: string) => oneByOne.candidates.map((c) => JSON.parse(c)).filter((c) => c.source_id === `${label}/subject0`).map((c) => c.person_id);
    expect(candidateOf('postcode-2')).toEqual([oneByOne.links['postcode-1/subject0']]);
    expect(candidateOf('typo-2')).toEqual([oneByOne.links['typo-1/subject0']]);
    expect(oneByOne.links['dob-corrected/subject0']).toMatch(/^known /);
    expect(oneByOne.links['old-dob/subject0']).toMatch(/^new person/);
    expect(oneByOne.links['known-again/subject0']).toMatch(/^known /);
    expect(oneByOne.links['brother/household0']).toMatch(/^known /);
    expect(oneByOne.links['no-subjects/household0']).toMatch(/^new person/);
    expect(oneByOne.links['twins/subject0']).toMatch(/^known /);
    expect(oneByOne.links['twins/subject1']).toBe('new person of twins/subject1');
    const [knownAgain] = oneByOne.pictures[ids.indexOf(batch.find((c) => c.label === 'known-again')!.id)];
    expect(knownAgain.flags.find((f) => f.ruleId === 'PPL-4.da-notifications')?.causingContactIds).toEqual(['known-again', 'K2', 'K1'].map((l) => known.find((k) => k.label === l)?.id ?? l));
    const [brother] = oneByOne.pictures[ids.indexOf(batch.find((c) => c.label === 'brother')!.id)];
    expect(brother.flags.find((f) => f.ruleId === 'PPL-4.da-notifications')?.causingContactIds).toEqual(['brother', 'K2', 'K1'].map((l) => known.find((k) => k.label === l)?.id ?? l));
  });

  /**
   * Two batches at the same moment, each holding a contact about the same child among others: the
   * second starts while the first has prepared but not committed, and must wait for it (seen waiting
   * on an advisory lock, not a fixed sleep, so a slow machine cannot make it pass without the lock).
   * Answers the child's picture from each batch.
   */
  async function batchesAtOnce(first: SubjectSeed, second: SubjectSeed) {
    const [other1, earlier, other2, later] = await create([
      { label: 'other-1', at: daysAfter(T0, -4), subjects: [child()] },
      { label: 'earlier', at: daysAfter(T0, -3), subjects: [first] },
      { label: 'other-2', at: daysAfter(T0, -2), subjects: [child()] },
      { label: 'later', at: daysAfter(T0, -1), subjects: [second] },
    ]);
    let laterDone = false;
    let laterBatch: Promise<Map<string, SubjectPicture[]>> | undefined;
    let laterPid: number | undefined;
    const earlierPictures = await ds.transaction(async (em) => {
      const pictures = await people.prepareContacts([other1.id, earlier.id], em);
      laterBatch = ds
        .transaction(async (em2) => {
          [{ pid: laterPid }] = await em2.query('SELECT pg_backend_pid() AS pid');
          return people.prepareContacts([other2.id, later.id], em2);
        })
        .finally(() => (laterDone = true));
      let waiting = false;
      for (let i = 0; i < 200 && !laterDone && !waiting; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (laterPid) [{ waiting }] = await ds.query(`SELECT count(*) > 0 AS waiting FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock' AND wait_event = 'advisory'`, [laterPid]);
      }
      expect({ waiting, laterDone }).toEqual({ waiting: true, laterDone: false });
      return pictures;
    });
    const laterPictures = await laterBatch!;
    return { earlier: earlierPictures.get(earlier.id)![0], later: laterPictures.get(later.id)![0] };
  }

  describe('two batches about the same new child at the same moment', () => {
    it('by NHS number: one person', async () => {
      const nhsNumber = uniqueNhsNumber();
      const { earlier, later } = await batchesAtOnce(child({ nhsNumber }), child({ nhsNumber }));
      expect(earlier.match).toMatchObject({ status: 'linked', method: 'new' });
      expect(later).toMatchObject({ personId: earlier.personId, match: { status: 'linked', method: 'nhs' } });
    });

    it('by date of birth and postcode: one person', async () => {
      const same = child();
      const { earlier, later } = await batchesAtOnce(same, same);
      expect(earlier.match).toMatchObject({ status: 'linked', method: 'new' });
      expect(later).toMatchObject({ personId: earlier.personId, match: { status: 'linked', method: 'auto' } });
    });

    it('by postcode only (no date of birth on the second): the first batch’s new child is offered as the candidate', async () => {
      const same = child();
      const { earlier, later } = await batchesAtOnce(same, { ...same, dateOfBirth: null });
      expect(later.match).toMatchObject({ status: 'candidates', candidateCount: 1 });
      const candidates = await ds.query('SELECT person_id FROM person_match_candidate WHERE source_id = $1', [later.subjectId]);
      expect(candidates).toEqual([{ person_id: earlier.personId }]);
    });

    it('by name only: the second waits for the first, and a name alone links nobody (below the candidate threshold), as one after another', async () => {
      const same = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: null, sex: 'F' as const };
      const { earlier, later } = await batchesAtOnce(same, same);
      expect(earlier.match).toMatchObject({ status: 'linked', method: 'new' });
      expect(later.match).toMatchObject({ status: 'linked', method: 'new' });
      expect(later.personId).not.toBe(earlier.personId);
    });
  });
});
