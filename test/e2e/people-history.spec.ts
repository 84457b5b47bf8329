import { DataSource } from 'typeorm';
import { PeopleForTriage } from '../../src/modules/people/people-for-triage';
import { createContact, ContactSeed } from '../factories/contact-factory';
import { createDecision, daysAfter, uniqueName, uniqueNhsNumber, uniquePostcode } from '../factories/person-factory';
import { startApi, TestApi } from '../utils/test-app';

/**
 * History at triage (SPEC PPL-3): B's history shows the earlier contact about half-sibling A (same
 * mother) and the earlier contact about the other child of B's mother's partner, and the mother's own
 * contact from when she was a child, newest first, with outcomes.
 */
describe('GET /api/v1/people/{id}/history (SPEC PPL-3)', () => {
  let api: TestApi;
  let ds: DataSource;
  let auth: string;
  const T0 = new Date();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    auth = `Bearer ${await api.tokenFor('mash_worker')}`;
    const people = api.app.get(PeopleForTriage);
    const at = async (key: string, days: number, seed: ContactSeed) => {
      const c = await createContact(ds, { ...seed, receivedAt: daysAfter(T0, days) });
      await people.prepareContact(c.contact.id);
      ids[key] = c.contact.id;
      ids[`${key}.subject`] = c.subjects[0].id;
      return c;
    };
    const postcode = uniquePostcode();
    const mother = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: '1994-08-19', sex: 'F' as const, nhsNumber: uniqueNhsNumber(), postcode };
    const partner = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: '1989-02-23', sex: 'M' as const, postcode: uniquePostcode() };
    const child = (lastName: string, dateOfBirth: string, pc = postcode) => ({ firstName: uniqueName(), lastName, dateOfBirth, postcode: pc, sex: 'F' as const });

    // The mother's own childhood: a contact about her, 18 years ago, at another address (found by NHS number).
    await at('motherAsChild', -18 * 365, { subjects: [{ ...mother, postcode: uniquePostcode() }] });
    // Half-sibling A: same mother, another father.
    const a = await at('halfSibling', -300, {
      subjects: [child(mother.lastName, '2015-09-14')],
      household: [{ ...mother, relationship: 'mother' }, { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: '1985-01-17', sex: 'M', relationship: 'father' }],
      concerns: [{ category: 'neglect_indicator' }],
    });
    await createDecision(ds, { contactId: a.contact.id, subjectId: a.subjects[0].id, personId: null, outcome: 'nfa', decidedAt: daysAfter(T0, -290) });
    // C: the partner's child, with another mother, at another address.
    await at('partnersChild', -200, {
      subjects: [child(partner.lastName, '2017-03-22', partner.postcode)],
      household: [{ ...partner, relationship: 'father' }],
      concerns: [{ category: 'da_incident' }],
    });
    // An unrelated child, same first-name pattern and date of birth: never in B's history.
    await at('stranger', -100, { subjects: [child(uniqueName(), '2019-10-15', uniquePostcode())] });
    // B: the mother and her partner in the household.
    await at('b', 0, {
      subjects: [child(mother.lastName, '2019-10-15')],
      household: [{ ...mother, relationship: 'mother' }, { ...partner, relationship: 'mothers_partner' }],
      concerns: [{ category: 'injury' }],
    });
    const [b] = await ds.query('SELECT person_id FROM contact_subject WHERE id = $1', [ids['b.subject']]);
    ids.person = b.person_id;
  });
  afterAll(() => api.close());

  it('shows the contacts about the half-sibling, the partner’s other child and the mother as a child, newest first', async () => {
    const res = await api.http.get(`/api/v1/people/${ids.person}/history`).set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { contactId: string }) => i.contactId)).toEqual([ids.b, ids.partnersChild, ids.halfSibling, ids.motherAsChild]);
    const [mine, partners, halfSibling, mothers] = res.body.items;
    expect(mine.concernCategories).toEqual(['injury']);
    expect(partners).toMatchObject({ concernCategories: ['da_incident'], sourceAgency: 'Public (professional)' });
    expect(partners.involved).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'subject', relation: 'adults_child' }), expect.objectContaining({ role: 'household', relationship: 'father', relation: 'adult' })]));
    expect(halfSibling.involved).toContainEqual(expect.objectContaining({ role: 'subject', relation: 'half_sibling' }));
    expect(halfSibling.decisions).toEqual([expect.objectContaining({ outcome: 'nfa', status: 'final', subjectId: ids['halfSibling.subject'] })]);
    expect(mothers.involved).toEqual([expect.objectContaining({ role: 'subject', relation: 'adult' })]);

    const relations = Object.fromEntries(res.body.family.map((m: { relation: { kind: string; relationship?: string } }) => [m.relation.kind + (m.relation.relationship ? `:${m.relation.relationship}` : ''), m]));
    expect(Object.keys(relations).sort()).toEqual(['adult:mother', 'adult:mothers_partner', 'adults_child', 'half_sibling', 'self']);
  });

  it('pages with a cursor, newest first', async () => {
    const first = await api.http.get(`/api/v1/people/${ids.person}/history?limit=3`).set('Authorization', auth);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.http.get(`/api/v1/people/${ids.person}/history?limit=3&cursor=${first.body.nextCursor}`).set('Authorization', auth);
    expect(second.body.items.map((i: { contactId: string }) => i.contactId)).toEqual([ids.motherAsChild]);
    expect(second.body.nextCursor).toBeNull();
    const bad = await api.http.get(`/api/v1/people/${ids.person}/history?cursor=nonsense`).set('Authorization', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'cursor' });
  });

  it('is an audit event: who read whose history', async () => {
    await api.http.get(`/api/v1/people/${ids.person}/history`).set('Authorization', auth).expect(200);
    const events = await ds.query(`SELECT action, actor_role, summary FROM audit_event WHERE entity_type = 'person' AND entity_id = $1 AND action = 'person.read'`, [ids.person]);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0]).toMatchObject({ actor_role: 'mash_worker', summary: { view: 'history' } });
  });

  it('is for MASH staff only; an unknown person is 404 and a malformed id 400', async () => {
    const referrer = await api.http.get(`/api/v1/people/${ids.person}/history`).set('Authorization', `Bearer ${await api.tokenFor('referrer')}`);
    expect(referrer.status).toBe(403);
    const auditor = await api.http.get(`/api/v1/people/${ids.person}/history`).set('Authorization', `Bearer ${await api.tokenFor('auditor')}`);
    expect(auditor.status).toBe(403);
    const unknown = await api.http.get('/api/v1/people/00000000-0000-4000-8000-000000000000/history').set('Authorization', auth);
    expect(unknown.status).toBe(404);
    const malformed = await api.http.get('/api/v1/people/not-a-uuid/history').set('Authorization', auth);
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0]).toMatchObject({ field: 'id', rule: 'isUuid' });
  });
});
