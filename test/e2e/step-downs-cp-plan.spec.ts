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
});
