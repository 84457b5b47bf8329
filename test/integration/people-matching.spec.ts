import { DataSource } from 'typeorm';
import { PeopleForTriage } from '../../src/modules/people/people-for-triage';
import { createContact } from '../factories/contact-factory';
import { uniqueDob, uniqueName, uniqueNhsNumber, uniquePostcode } from '../factories/person-factory';
import { startApi, TestApi } from '../utils/test-app';

/** Person matching through the use case triage calls (SPEC PPL-1), and the search a worker uses. */
describe('Person matching (SPEC PPL-1)', () => {
  let api: TestApi;
  let ds: DataSource;
  let people: PeopleForTriage;
  let auth: string;
  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    people = api.app.get(PeopleForTriage);
    auth = `Bearer ${await api.tokenFor('mash_worker')}`;
  });
  afterAll(() => api.close());

  /** A contact about one child; returns the child's picture after matching. */
  async function contactAbout(subject: Record<string, unknown>, receivedAt = new Date()) {
    const { contact, subjects } = await createContact(ds, { receivedAt, subjects: [subject] });
    const [picture] = await people.prepareContact(contact.id);
    return { contact, subject: subjects[0], picture };
  }

  const search = (q: Record<string, string>) => api.http.post('/api/v1/people/search').send(q).set('Authorization', auth);

  it('an exact NHS number links even when the name on the contact is different', async () => {
    const nhsNumber = uniqueNhsNumber();
    const first = await contactAbout({ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), nhsNumber, postcode: uniquePostcode() });
    const second = await contactAbout({ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), nhsNumber: nhsNumber.replace(/^(\d{3})(\d{3})/, '$1 $2 '), postcode: uniquePostcode() });
    expect(first.picture.personId).toBeTruthy();
    expect(second.picture).toMatchObject({ personId: first.picture.personId, match: { status: 'linked', method: 'nhs' } });
  });

  it('two different NHS numbers never link, however alike the rest', async () => {
    const child = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode: uniquePostcode() };
    const first = await contactAbout({ ...child, nhsNumber: uniqueNhsNumber() });
    const second = await contactAbout({ ...child, nhsNumber: uniqueNhsNumber() });
    expect(second.picture.personId).toBeTruthy();
    expect(second.picture.personId).not.toBe(first.picture.personId);
    expect(second.picture.match).toMatchObject({ status: 'linked', method: 'new' });
  });

  it('SEC-3: a person search is a POST, records the ids it returned, and "who viewed this child" shows it', async () => {
    const known = await contactAbout({ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode: uniquePostcode() });
    const res = await search({ dateOfBirth: known.subject.dateOfBirth as string });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((i: { personId: string }) => i.personId);
    expect(ids).toContain(known.picture.personId);
    const [searched] = await ds.query(`SELECT summary FROM audit_event WHERE action = 'person.searched' ORDER BY seq DESC LIMIT 1`);
    expect(searched.summary.personIds).toEqual(ids);
    const log = await api.http.get(`/api/v1/people/${known.picture.personId}/access-log`).set('Authorization', `Bearer ${await api.tokenFor('mash_manager')}`);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'person.read', view: 'search_result', role: 'mash_worker' })]));
    // Names, dates of birth and NHS numbers never go in a URL: there is no GET search.
    expect((await api.http.get(`/api/v1/people/search?dateOfBirth=${known.subject.dateOfBirth}`).set('Authorization', auth)).status).not.toBe(200);
  });

  it('MGT-4: "who viewed this child" shows a partner reading an agency check about the child', async () => {
    const known = await contactAbout({ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode: uniquePostcode() });
    const [hv] = await ds.query(`SELECT agency_id FROM app_user WHERE email = 'partner@mash.localhost'`);
    const asked = await api.http.post(`/api/v1/contacts/${known.contact.id}/checks`).set('Authorization', auth)
      .send({ agencyId: hv.agency_id, subjectIds: [known.subject.id], reason: 'Health visiting history', questions: ['Known to you?'], lawfulBasis: 'Children Act 1989 s.47' });
    expect(asked.status).toBe(201);
    const listed = await api.http.get('/api/v1/checks').set('Authorization', `Bearer ${await api.tokenFor('partner')}`);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(asked.body.id);
    const log = await api.http.get(`/api/v1/people/${known.picture.personId}/access-log`).set('Authorization', `Bearer ${await api.tokenFor('mash_manager')}`);
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'agency_check.read', entityId: asked.body.id, role: 'partner' })]));
  });

  it('"Smyth" finds "Smith": the search ranks the variant first, and a contact under the variant links', async () => {
    const first = uniqueName();
    const dob = uniqueDob();
    const postcode = uniquePostcode();
    const known = await contactAbout({ firstName: first, lastName: 'Smith', dateOfBirth: dob, postcode });

    const res = await search({ name: `${first} Smyth`, dateOfBirth: dob });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ personId: known.picture.personId, firstName: first, lastName: 'Smith', dateOfBirth: dob });
    expect(res.body.items[0].matchedOn).toMatchObject({ dateOfBirth: 'exact' });
    expect(res.body.items[0].matchedOn.lastName).toBeGreaterThanOrEqual(0.8);

    const again = await contactAbout({ firstName: first, lastName: 'Smyth', dateOfBirth: dob, postcode });
    expect(again.picture).toMatchObject({ personId: known.picture.personId, match: { status: 'linked', method: 'auto' } });
  });

  it('a contact under a previous surname is found', async () => {
    const first = uniqueName();
    const [oldSurname, newSurname] = [uniqueName(), uniqueName()];
    const dob = uniqueDob();
    const postcode = uniquePostcode();
    // Known under her new surname, with the surname she had before recorded as a previous name.
    const known = await contactAbout({ firstName: first, lastName: newSurname, aliases: [`${first} ${oldSurname}`], dateOfBirth: dob, postcode });
    // A later contact uses the old surname only.
    const later = await contactAbout({ firstName: first, lastName: oldSurname, dateOfBirth: dob, postcode });
    expect(later.picture).toMatchObject({ personId: known.picture.personId, match: { status: 'linked', method: 'auto' } });

    const res = await search({ name: `${first} ${oldSurname}` });
    expect(res.body.items.map((i: { personId: string }) => i.personId)).toContain(known.picture.personId);
    const person = await api.http.get(`/api/v1/people/${known.picture.personId}`).set('Authorization', auth);
    // Both surnames are on the record: the name on each contact and the recorded previous name.
    expect(person.body.names.map((n: { lastName: string }) => n.lastName)).toEqual(expect.arrayContaining([newSurname, oldSurname]));
    expect([...person.body.previousNames, ...person.body.aliases]).toContainEqual({ firstName: first, lastName: newSurname });
  });

  it('a transposed date of birth is a candidate for the worker, not an automatic link', async () => {
    const child = { firstName: uniqueName(), lastName: uniqueName(), postcode: uniquePostcode() };
    const known = await contactAbout({ ...child, dateOfBirth: '2016-04-05' });
    const transposed = await contactAbout({ ...child, dateOfBirth: '2016-05-04' });
    expect(known.picture.personId).toBeTruthy();
    expect(transposed.picture).toMatchObject({ personId: null, match: { status: 'candidates', candidateCount: 1 } });
    const [candidate] = await ds.query('SELECT person_id, features, status FROM person_match_candidate WHERE source_id = $1', [transposed.subject.id]);
    expect(candidate).toMatchObject({ person_id: known.picture.personId, status: 'pending', features: { dateOfBirth: 'transposed', postcode: 'exact' } });

    // A worker searching by the date of birth alone also finds the transposed one.
    const res = await search({ dateOfBirth: '2016-05-04' });
    expect(res.body.items).toContainEqual(expect.objectContaining({ personId: known.picture.personId, matchedOn: expect.objectContaining({ dateOfBirth: 'transposed' }) }));
  });

  it('never mistakes one placeholder-named child for another (the contact factory’s Child<hex> names, same date of birth)', async () => {
    const pictures = [];
    for (let i = 0; i < 25; i++) pictures.push(await contactAbout({}));
    expect(pictures.map((p) => p.picture.match)).toEqual(pictures.map(() => ({ status: 'linked', method: 'new', candidateCount: 0 })));
    expect(new Set(pictures.map((p) => p.picture.personId)).size).toBe(25);
  });

  it('two different children with the same name and date of birth in different postcodes are not merged automatically', async () => {
    const twinName = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob() };
    const north = await contactAbout({ ...twinName, postcode: uniquePostcode() });
    const south = await contactAbout({ ...twinName, postcode: uniquePostcode() });
    expect(north.picture.personId).toBeTruthy();
    expect(south.picture.personId).toBeNull();
    expect(south.picture.match).toMatchObject({ status: 'candidates', candidateCount: 1 });
    // The first child's record is untouched: one subject linked, one address.
    const [{ links }] = await ds.query('SELECT count(*)::int AS links FROM contact_subject WHERE person_id = $1', [north.picture.personId]);
    const [{ addresses }] = await ds.query('SELECT count(*)::int AS addresses FROM person_address WHERE person_id = $1', [north.picture.personId]);
    expect({ links, addresses }).toEqual({ links: 1, addresses: 1 });
  });

  /**
   * Matches `second` while the contact about `first` has been matched but not committed, as two
   * workers would; `second` must wait for it. Returns both children's pictures.
   */
  async function matchedAtOnce(first: Record<string, unknown>, second: Record<string, unknown>) {
    const earlier = await createContact(ds, { subjects: [first] });
    const later = await createContact(ds, { subjects: [second] });
    let laterDone = false;
    let laterMatched: Promise<Awaited<ReturnType<typeof people.prepareContact>>> | undefined;
    const [earlierPicture] = await ds.transaction(async (em) => {
      const pictures = await people.prepareContact(earlier.contact.id, em);
      laterMatched = people.prepareContact(later.contact.id).finally(() => (laterDone = true));
      // Until the second has finished or is seen waiting on an advisory lock (not a fixed sleep, so a
      // slow machine cannot make the test pass without the lock).
      let waiting = 0;
      for (let i = 0; i < 200 && !laterDone && !waiting; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        [{ waiting }] = await ds.query(`SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      }
      expect(laterDone).toBe(false); // it waits for the first contact to commit
      return pictures;
    });
    const [laterPicture] = await laterMatched!;
    return { earlierPicture, laterPicture };
  }

  it('two contacts about the same new child matched at the same moment make one person, not two', async () => {
    const child = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode: uniquePostcode() };
    const { earlierPicture, laterPicture } = await matchedAtOnce(child, child);
    expect(earlierPicture.match).toMatchObject({ status: 'linked', method: 'new' });
    expect(laterPicture).toMatchObject({ personId: earlierPicture.personId, match: { status: 'linked', method: 'auto' } });
  });

  it('a contact without the date of birth, at the same moment and the same postcode, is offered the new child as a candidate', async () => {
    const child = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode: uniquePostcode() };
    const { earlierPicture, laterPicture } = await matchedAtOnce(child, { ...child, dateOfBirth: null });
    expect(laterPicture.match).toMatchObject({ status: 'candidates', candidateCount: 1 });
    const [candidate] = await ds.query('SELECT person_id FROM person_match_candidate WHERE source_id = $1', [laterPicture.subjectId]);
    expect(candidate.person_id).toBe(earlierPicture.personId);
  });

  it('is idempotent: a retried triage job creates no second person, link, name, relationship or candidate', async () => {
    const family = uniqueName();
    const dob = uniqueDob();
    const { contact } = await createContact(ds, {
      subjects: [
        { firstName: uniqueName(), lastName: family, dateOfBirth: dob, postcode: uniquePostcode() },
        { firstName: uniqueName(), lastName: family, dateOfBirth: uniqueDob() },
      ],
      household: [{ firstName: uniqueName(), lastName: family, dateOfBirth: '1990-06-20', relationship: 'mother', sex: 'F' }],
    });
    const count = async () =>
      (
        await ds.query(
          `SELECT (SELECT count(*) FROM person_name WHERE contact_id = $1)::int AS names,
                  (SELECT count(*) FROM person_relationship WHERE source_contact_id = $1)::int AS relationships,
                  (SELECT count(*) FROM person_match WHERE contact_id = $1)::int AS matches,
                  (SELECT count(*) FROM person_match_candidate WHERE contact_id = $1)::int AS candidates,
                  (SELECT count(DISTINCT person_id) FROM person_name WHERE contact_id = $1)::int AS persons,
                  (SELECT count(*) FROM audit_event WHERE action = 'person.linked' AND summary->>'contactId' = $1::text)::int AS audits`,
          [contact.id],
        )
      )[0];
    const first = await people.prepareContact(contact.id);
    const before = await count();
    const [again, concurrent] = await Promise.all([people.prepareContact(contact.id), people.prepareContact(contact.id)]);
    expect(again.map((p) => p.personId)).toEqual(first.map((p) => p.personId));
    expect(concurrent.map((p) => p.personId)).toEqual(first.map((p) => p.personId));
    expect(await count()).toEqual(before);
    expect(before).toMatchObject({ persons: 3, matches: 3, relationships: 6, audits: 3 });
  });
});
