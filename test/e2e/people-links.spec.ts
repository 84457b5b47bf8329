import { DataSource } from 'typeorm';
import { PeopleForTriage, SubjectPicture } from '../../src/modules/people/people-for-triage';
import { createContact, SubjectSeed } from '../factories/contact-factory';
import { uniqueDob, uniqueName, uniqueNhsNumber, uniquePostcode } from '../factories/person-factory';
import { startApi, TestApi } from '../utils/test-app';

/** A worker's links, unlinks, candidate decisions and merges (SPEC PPL-1): audited and reversible. */
describe('Linking contacts to persons (SPEC PPL-1)', () => {
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

  async function contactAbout(subject: SubjectSeed): Promise<{ contactId: string; subjectId: string; picture: SubjectPicture }> {
    const { contact, subjects } = await createContact(ds, { subjects: [subject] });
    const [picture] = await people.prepareContact(contact.id);
    return { contactId: contact.id, subjectId: subjects[0].id, picture };
  }

  const post = (path: string, body: object = {}) => api.http.post(path).set('Authorization', auth).send(body);
  const personOf = async (subjectId: string) => (await ds.query('SELECT person_id FROM contact_subject WHERE id = $1', [subjectId]))[0].person_id;
  const audits = (action: string, entityId: string) => ds.query('SELECT actor_role, summary FROM audit_event WHERE action = $1 AND entity_id = $2', [action, entityId]);

  /** A known child, and a second contact whose transposed date of birth makes it only a candidate. */
  async function knownAndCandidate() {
    const child = { firstName: uniqueName(), lastName: uniqueName(), postcode: uniquePostcode() };
    const known = await contactAbout({ ...child, dateOfBirth: '2014-06-07' });
    const maybe = await contactAbout({ ...child, dateOfBirth: '2014-07-06' });
    return { known, maybe };
  }

  it('lists the candidates and confirms one: the subject is linked, the decision audited', async () => {
    const { known, maybe } = await knownAndCandidate();
    const list = await api.http.get(`/api/v1/contacts/${maybe.contactId}/match-candidates`).set('Authorization', auth);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ sourceKind: 'contact_subject', sourceId: maybe.subjectId, personId: known.picture.personId, status: 'pending', features: expect.objectContaining({ dateOfBirth: 'transposed' }) })]);

    const res = await post(`/api/v1/people/match-candidates/${list.body.items[0].id}/confirm`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'linked', personId: known.picture.personId, method: 'confirmed' });
    expect(await personOf(maybe.subjectId)).toBe(known.picture.personId);
    expect(await audits('person.linked', known.picture.personId!)).toContainEqual({ actor_role: 'mash_worker', summary: { contactId: maybe.contactId, sourceKind: 'contact_subject', sourceId: maybe.subjectId, method: 'confirmed' } });
    const again = await post(`/api/v1/people/match-candidates/${list.body.items[0].id}/confirm`);
    expect(again.status).toBe(409);
  });

  it('rejects a candidate, then creates a new person for the subject', async () => {
    const { known, maybe } = await knownAndCandidate();
    const [candidate] = (await api.http.get(`/api/v1/contacts/${maybe.contactId}/match-candidates`).set('Authorization', auth)).body.items;
    const rejected = await post(`/api/v1/people/match-candidates/${candidate.id}/reject`);
    expect(rejected.body).toEqual({ id: candidate.id, status: 'rejected', pendingForSource: 0 });
    const created = await post(`/api/v1/contacts/${maybe.contactId}/subjects/${maybe.subjectId}/link`, { createNew: true });
    expect(created.status).toBe(200);
    expect(created.body.personId).not.toBe(known.picture.personId);
    expect(await personOf(maybe.subjectId)).toBe(created.body.personId);
    expect(await audits('person.created', created.body.personId)).toHaveLength(1);
  });

  it('unlinks (audited), a retried triage job leaves it unlinked, and linking again restores it', async () => {
    const { contactId, subjectId, picture } = await contactAbout({ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode: uniquePostcode() });
    const unlinked = await post(`/api/v1/contacts/${contactId}/subjects/${subjectId}/unlink`, { reason: 'wrong_person' });
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).toMatchObject({ status: 'unlinked', personId: null, previousPersonId: picture.personId });
    expect(await audits('person.unlinked', picture.personId!)).toEqual([{ actor_role: 'mash_worker', summary: { contactId, sourceKind: 'contact_subject', sourceId: subjectId, reason: 'wrong_person' } }]);

    const [retried] = await people.prepareContact(contactId);
    expect(retried).toMatchObject({ personId: null, match: { status: 'unlinked' } });

    const relinked = await post(`/api/v1/contacts/${contactId}/subjects/${subjectId}/link`, { personId: picture.personId });
    expect(relinked.body).toMatchObject({ status: 'linked', personId: picture.personId, method: 'manual' });
    const person = await api.http.get(`/api/v1/people/${picture.personId}`).set('Authorization', auth);
    expect(person.body.names).toHaveLength(1);
    expect(person.body.addresses).toHaveLength(1);
  });

  it('refuses a bad link with the field and the rule', async () => {
    const a = await contactAbout({ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), nhsNumber: uniqueNhsNumber() });
    const b = await contactAbout({ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), nhsNumber: uniqueNhsNumber() });
    const link = (c: { contactId: string; subjectId: string }, body: object) => post(`/api/v1/contacts/${c.contactId}/subjects/${c.subjectId}/link`, body);

    const both = await link(a, { personId: b.picture.personId, createNew: true });
    expect(both.status).toBe(400);
    expect(both.body.details[0]).toMatchObject({ field: 'personId', rule: 'exactlyOne' });
    const unknownField = await link(a, { personId: b.picture.personId, force: true });
    expect(unknownField.status).toBe(400);
    expect((await link(a, { personId: b.picture.personId })).status).toBe(409);

    await post(`/api/v1/contacts/${a.contactId}/subjects/${a.subjectId}/unlink`);
    const nhs = await link(a, { personId: b.picture.personId });
    expect(nhs.status).toBe(422);
    expect(nhs.body.details[0]).toMatchObject({ field: 'personId', rule: 'PPL-1.nhs-mismatch' });
    expect(await personOf(a.subjectId)).toBeNull();

    expect((await link(a, { personId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await post(`/api/v1/contacts/${b.contactId}/subjects/${a.subjectId}/link`, { createNew: true })).status).toBe(404);
    expect((await post(`/api/v1/contacts/${a.contactId}/subjects/${a.subjectId}/unlink`)).status).toBe(409);
    const referrer = await api.http.post(`/api/v1/contacts/${a.contactId}/subjects/${a.subjectId}/link`).set('Authorization', `Bearer ${await api.tokenFor('referrer')}`).send({ createNew: true });
    expect(referrer.status).toBe(403);
  });

  it('merges two records of one child and reverts the merge exactly', async () => {
    // The same child recorded twice (a worker created a new person for the second contact).
    const child = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob() };
    const first = await contactAbout({ ...child, postcode: uniquePostcode() });
    const second = await contactAbout({ ...child, postcode: uniquePostcode() });
    const created = await post(`/api/v1/contacts/${second.contactId}/subjects/${second.subjectId}/link`, { createNew: true });
    const [keep, dupe] = [first.picture.personId!, created.body.personId as string];

    const merged = await post(`/api/v1/people/${dupe}/merge`, { intoPersonId: keep, reason: 'Same child: school confirmed the move' });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ fromPersonId: dupe, intoPersonId: keep, moved: { subjects: 1, names: 1, addresses: 1 } });
    expect(await personOf(second.subjectId)).toBe(keep);
    const history = await api.http.get(`/api/v1/people/${keep}/history`).set('Authorization', auth);
    expect(history.body.items.map((i: { contactId: string }) => i.contactId).sort()).toEqual([first.contactId, second.contactId].sort());
    const gone = await api.http.get(`/api/v1/people/${dupe}`).set('Authorization', auth);
    expect(gone.body.mergedIntoId).toBe(keep);
    expect((await post(`/api/v1/people/${dupe}/merge`, { intoPersonId: keep, reason: 'again' })).status).toBe(409);
    expect(await audits('person.merged', keep)).toHaveLength(1);

    const reverted = await post(`/api/v1/people/merges/${merged.body.id}/revert`);
    expect(reverted.status).toBe(200);
    expect(await personOf(second.subjectId)).toBe(dupe);
    const back = await api.http.get(`/api/v1/people/${dupe}`).set('Authorization', auth);
    expect(back.body).toMatchObject({ mergedIntoId: null, firstName: child.firstName });
    expect(back.body.addresses).toHaveLength(1);
    const keptHistory = await api.http.get(`/api/v1/people/${keep}/history`).set('Authorization', auth);
    expect(keptHistory.body.items.map((i: { contactId: string }) => i.contactId)).toEqual([first.contactId]);
    expect(await audits('person.merge_reverted', dupe)).toHaveLength(1);
    expect((await post(`/api/v1/people/merges/${merged.body.id}/revert`)).status).toBe(409);
  });

  it('refuses to merge persons with different NHS numbers, or a person into itself', async () => {
    const a = await contactAbout({ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), nhsNumber: uniqueNhsNumber() });
    const b = await contactAbout({ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), nhsNumber: uniqueNhsNumber() });
    const nhs = await post(`/api/v1/people/${a.picture.personId}/merge`, { intoPersonId: b.picture.personId, reason: 'looks the same' });
    expect(nhs.status).toBe(422);
    expect(nhs.body.details[0].rule).toBe('PPL-1.nhs-mismatch');
    const self = await post(`/api/v1/people/${a.picture.personId}/merge`, { intoPersonId: a.picture.personId, reason: 'oops' });
    expect(self.body.details[0].rule).toBe('PPL-1.merge-self');
  });

  it('links household members too, and records their known risks as flags on the person', async () => {
    const postcode = uniquePostcode();
    const adult = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: '1979-11-18', sex: 'M' as const, postcode, relationship: 'mothers_partner' as const, knownRisks: ['risk_to_children' as const] };
    const { contact, household } = await createContact(ds, { subjects: [{ firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode }], household: [adult] });
    await people.prepareContact(contact.id);
    const personId = (await ds.query('SELECT person_id FROM contact_household_member WHERE id = $1', [household[0].id]))[0].person_id;
    const person = await api.http.get(`/api/v1/people/${personId}`).set('Authorization', auth);
    expect(person.body.flags.map((f: { kind: string }) => f.kind)).toEqual(['risk_to_children']);
    expect(person.body.relationships).toEqual([expect.objectContaining({ relationship: 'partners_child', resident: null })]);

    const recorded = await post(`/api/v1/people/${personId}/flags`, { kind: 'worker_safety', note: 'Threatened a visiting worker' });
    expect(recorded.status).toBe(201);
    const ended = await post(`/api/v1/people/${personId}/flags/${recorded.body.id}/end`);
    expect(ended.status).toBe(200);
    const after = await api.http.get(`/api/v1/people/${personId}`).set('Authorization', auth);
    expect(after.body.flags.map((f: { kind: string }) => f.kind)).toEqual(['risk_to_children']);
    expect(after.body.endedFlags.map((f: { kind: string }) => f.kind)).toEqual(['worker_safety']);

    const unlinked = await post(`/api/v1/contacts/${contact.id}/household/${household[0].id}/unlink`, { reason: 'wrong_person' });
    expect(unlinked.body).toMatchObject({ sourceKind: 'contact_household_member', status: 'unlinked' });
    const none = await api.http.get(`/api/v1/people/${personId}`).set('Authorization', auth);
    expect(none.body.flags).toEqual([]);
    expect(none.body.relationships).toEqual([]);
  });
});
