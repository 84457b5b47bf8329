import type { INestApplicationContext } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { HouseholdChangesService } from '../../src/modules/people/household-changes.service';
import { dateFromToday, nhsNumber, tag } from '../factories/contact-bodies';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * SPEC PPL-2: household changes end relationships. A contact states the household; when the mother's
 * partner leaves, the people module's exported HouseholdChangesService (what contacts call when staff
 * change the household of an open contact) ends his relationships with the children at the date he
 * left; the person record read through HTTP shows the end date, the mother's stays open, and the
 * change is audited.
 */
describe('Household changes end relationships (SPEC PPL-2)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('PPL-2 the partner who left has validTo on his relationships with the children; the mother does not; a re-run of matching keeps the dates', async () => {
    const t = tag();
    const address = { line1: `${t} Mill Lane`, postcode: 'NN1 2AB', type: 'permanent' };
    const sent = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send({
      channel: 'professional',
      subjects: [{ firstName: `Amy${t}`, lastName: `Family${t}`, dateOfBirth: dateFromToday({ years: -6 }), sex: 'F', nhsNumber: nhsNumber(), address }],
      household: [
        { firstName: `Carla${t}`, lastName: `Family${t}`, dateOfBirth: '1990-01-02', sex: 'F', relationship: 'mother', resident: true, parentalResponsibility: 'yes' },
        { firstName: `Ed${t}`, lastName: `Partner${t}`, dateOfBirth: '1988-03-04', sex: 'M', relationship: 'mothers_partner', resident: true, parentalResponsibility: 'no', knownRisks: ['violence'] },
      ],
      concerns: [{ category: 'emotional_abuse', description: 'Shouting heard every night', subjectIndexes: [0] }],
    });
    expect(sent.status).toBe(201);
    const view = await waitFor(async () => {
      const res = await api.http.get(`/api/v1/contacts/${sent.body.id}/triage`).set('Authorization', await auth('mash_worker'));
      return res.status === 200 && res.body.subjects?.[0]?.grade && res.body.subjects[0].personId ? res.body : null;
    }, 30_000, 'the contact to be graded');
    const child = view.subjects[0].personId as string;
    const person = async () => (await api.http.get(`/api/v1/people/${child}`).set('Authorization', await auth('mash_worker'))).body;
    const before = await person();
    const partner = before.relationships.find((r: { relationship: string }) => r.relationship === 'mothers_partner');
    const mother = before.relationships.find((r: { relationship: string }) => r.relationship === 'mother');
    expect(partner).toMatchObject({ to: null });
    expect(mother).toMatchObject({ to: null });

    const leftAt = new Date();
    const service = api.app.get(HouseholdChangesService, { strict: false });
    const result = await api.app.get(UnitOfWork).run((em) => service.householdChanged(em, SYSTEM_ACTOR, { contactId: sent.body.id, at: leftAt, leftPersonIds: [partner.personId] }));
    // Both directions: child -> partner and partner -> child.
    expect(result.ended).toHaveLength(2);

    const after = await person();
    expect(new Date(after.relationships.find((r: { relationship: string }) => r.relationship === 'mothers_partner').to).toISOString()).toBe(leftAt.toISOString());
    expect(after.relationships.find((r: { relationship: string }) => r.relationship === 'mother')).toMatchObject({ to: null, from: mother.from });

    // Matching the contact again (a retried job) does not reopen or re-date anything.
    await api.app.get(UnitOfWork).run((em) => service.householdChanged(em, SYSTEM_ACTOR, { contactId: sent.body.id, at: new Date() }));
    const again = await person();
    expect(again.relationships).toEqual(after.relationships);

    const audit = await api.app.get(UnitOfWork).read((em) => em.query(`SELECT entity_id FROM audit_event WHERE action = 'person.relationships_ended' AND entity_id = $1`, [partner.personId]));
    expect(audit).toHaveLength(1);
  });
});
