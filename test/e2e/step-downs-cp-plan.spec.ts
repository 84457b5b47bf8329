import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dateFromToday, nhsNumber, tag } from '../factories/contact-bodies';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * SPEC STEP-1 with RAG-2 and PPL-4: a CP plan recorded through POST /people/{id}/status is read by
 * grading (people's facts.onCurrentCpPlan) and by the accumulation flags (sibling on a CP plan).
 * Contacts go through HTTP intake and the real worker (relay, people matching, triage).
 */
describe('A recorded CP plan drives grading and flags (SPEC STEP-1, RAG-2, PPL-4)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const t = tag();
  const address = { line1: `${t} Mill Lane`, town: 'Northshire', postcode: 'NN1 2AB', type: 'permanent' };
  const amy = { firstName: `Amy${t}`, lastName: `Family${t}`, dateOfBirth: dateFromToday({ years: -7, days: -12 }), sex: 'F', nhsNumber: nhsNumber(), address };
  const ben = { firstName: `Ben${t}`, lastName: `Family${t}`, dateOfBirth: dateFromToday({ years: -5, days: -3 }), sex: 'M', nhsNumber: nhsNumber(), address };
  const mother = { firstName: `Carla${t}`, lastName: `Family${t}`, dateOfBirth: '1990-05-06', sex: 'F', relationship: 'mother', resident: true, parentalResponsibility: 'yes' };

  /** A referrer's contact through HTTP; resolves once triage has graded it. */
  async function submitAndGrade(body: Record<string, unknown>) {
    const sent = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send({ channel: 'professional', household: [mother], ...body });
    expect(sent.status).toBe(201);
    const view = await waitFor(async () => {
      const res = await api.http.get(`/api/v1/contacts/${sent.body.id}/triage`).set('Authorization', await auth('mash_worker'));
      return res.status === 200 && res.body.subjects?.length && res.body.subjects.every((s: { grade: string | null }) => s.grade) ? res.body : null;
    }, 30_000, 'triage to grade the contact');
    return { id: sent.body.id as string, view };
  }
  const personOf = async (contactId: string, position: number) =>
    waitFor(async () => (await ds.query('SELECT person_id FROM contact_subject WHERE contact_id = $1 AND position = $2', [contactId, position]))[0]?.person_id, 15_000, 'person link');

  it('a manager records a CP plan (NEG); a new injury contact about the child is RED by the CP-plan rule; a contact about the sibling shows the sibling flag', async () => {
    const first = await submitAndGrade({
      subjects: [amy, ben], concerns: [{ category: 'home_conditions', description: 'House very cold and dirty', incidentDate: dateFromToday({ days: -20 }), subjectIndexes: [] }],
    });
    const amyPerson = await personOf(first.id, 0);
    const benPerson = await personOf(first.id, 1);
    expect(amyPerson).not.toBe(benPerson);

    const recorded = await api.http.post(`/api/v1/people/${amyPerson}/status`).set('Authorization', await auth('mash_manager'))
      .send({ level: 'child_protection', startedAt: new Date(Date.now() - 86_400_000).toISOString(), categoryOfAbuse: 'NEG', reference: `ICPC-${t}` });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ level: 'child_protection', categoryOfAbuse: 'NEG' });

    const injury = await submitAndGrade({
      subjects: [amy], concerns: [{ category: 'injury', description: 'Small bruise on the shin', incidentDate: dateFromToday({ days: -1 }), subjectIndexes: [0] }],
    });
    expect(await personOf(injury.id, 0)).toBe(amyPerson);
    expect(injury.view.subjects[0].grade).toBe('RED');
    expect(injury.view.subjects[0].firedRules.map((r: { ruleId: string }) => r.ruleId)).toContain('RAG-2.red.cp-plan-new-allegation');

    const sibling = await submitAndGrade({
      subjects: [ben], concerns: [{ category: 'was_not_brought', description: 'Missed dental appointment', incidentDate: dateFromToday({ days: -2 }), subjectIndexes: [0] }],
    });
    expect(await personOf(sibling.id, 0)).toBe(benPerson);
    expect(sibling.view.subjects[0].flags.map((f: { ruleId: string }) => f.ruleId)).toContain('PPL-4.sibling-cp-plan');
  });

  it('STEP-4: a step-up from early help shows in the child\'s history; a rejected step-down\'s new contact is linked to the original there; the chronology has the step-down events', async () => {
    const u = tag();
    const kid = { firstName: `Dev${u}`, lastName: `Step${u}`, dateOfBirth: dateFromToday({ years: -8 }), sex: 'M', nhsNumber: nhsNumber(), address: { ...address, line1: `${u} Park Road` } };
    const first = await submitAndGrade({ subjects: [kid], concerns: [{ category: 'neglect_indicator', description: 'Often hungry', subjectIndexes: [0] }] });
    const person = await personOf(first.id, 0);
    const [eh] = await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'earlyhelp@mash.localhost'`);
    const proposed = await api.http.post('/api/v1/step-downs').set('Authorization', await auth('mash_worker')).send({
      personId: person, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Handover', reviewDate: dateFromToday({ months: 2 }),
      plan: { actions: [{ action: 'Visit', owner: 'EH', successCriteria: 'Seen' }] },
    });
    expect(proposed.status).toBe(201);
    const rejected = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/reject`).set('Authorization', await auth('earlyhelp@mash.localhost')).send({ reason: 'Out of area' });
    const requeueId = rejected.body.requeueContactId;

    const stepUp = await api.http.post('/api/v1/contacts').set('Authorization', await auth('earlyhelp@mash.localhost')).send({
      channel: 'early_help_step_up', subjects: [kid], household: [mother],
      referrerView: { isChildProtection: false, harm: 'Early help since March: 6 TAF meetings; attendance fell to 71%', whatShouldHappen: 'Assessment', urgency: 'routine' },
      concerns: [{ category: 'neglect_indicator', description: 'Early-help plan not working', subjectIndexes: [0] }],
    });
    expect(stepUp.status).toBe(201);
    await waitFor(async () => (await ds.query('SELECT person_id FROM contact_subject WHERE contact_id = $1', [stepUp.body.id]))[0]?.person_id === person, 30_000, 'step-up linked');
    await waitFor(async () => (await ds.query('SELECT person_id FROM contact_subject WHERE contact_id = $1', [requeueId]))[0]?.person_id === person, 30_000, 'requeue linked');

    const history = await api.http.get(`/api/v1/people/${person}/history`).set('Authorization', await auth('mash_worker'));
    expect(history.status).toBe(200);
    const items: { contactId: string; channel: string; stepDown?: Record<string, unknown> | null }[] = history.body.items;
    expect(items.find((i) => i.contactId === stepUp.body.id)).toMatchObject({ channel: 'early_help_step_up' });
    expect(items.find((i) => i.contactId === requeueId)).toMatchObject({ stepDown: { stepDownId: proposed.body.id, returnedFromContactId: first.id, reason: 'rejected' } });
    expect(items.find((i) => i.contactId === first.id)).toMatchObject({ stepDown: { status: 'rejected', requeueContactId: requeueId } });

    const chronology = await api.http.get(`/api/v1/people/${person}/chronology`).set('Authorization', await auth('mash_worker'));
    expect(chronology.status).toBe(200);
    const types = chronology.body.events.filter((e: { module: string }) => e.module === 'step-downs').map((e: { eventType: string }) => e.eventType);
    expect(types).toEqual(expect.arrayContaining(['step_down.proposed', 'step_down.rejected', 'step_down.requeued']));
  });
});
