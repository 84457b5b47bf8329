import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../src/auth/actor';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { AgencyCheck } from '../../src/modules/checks/persistence/agency-check.entity';
import { DecisionApprovals } from '../../src/modules/decisions/decision-approvals';
import { DecisionsService, RecordDecisionCommand } from '../../src/modules/decisions/decisions.service';
import { ChildGradePicture, DecisionContextRepository } from '../../src/modules/decisions/persistence/decision-context.repository';
import { WorkingCalendar } from '../../src/modules/calendar/domain/working-calendar';
import { DEMO_USERS } from '../../src/seed/demo-data';
import { createContact } from '../factories/contact-factory';
import { startApi, TestApi } from '../utils/test-app';

/** Doubles for triage: every child graded GREEN and confirmed; approvals only recorded. */
class Grades extends DecisionContextRepository {
  override async gradePicture(): Promise<ChildGradePicture> {
    return { grade: 'GREEN', frameworkVersion: 'thresholds-test', flags: [], cpIndicatorEverRecorded: false };
  }
}
class Approvals {
  async request() {
    return { approvalId: randomUUID() };
  }
}

/**
 * SPEC STEP-2 end to end: an early_help decision proposes the step-down; the lead professional logs
 * in over HTTP and accepts; the child's status (HTTP) shows the MASH responsible until then.
 */
describe('Step-down from an early_help decision (SPEC STEP-1, STEP-2)', () => {
  let api: TestApi;
  let app: NestExpressApplication;
  let http: TestAgent;
  let ds: DataSource;
  let decisions: DecisionsService;
  let uow: UnitOfWork;
  const actors: Record<string, Actor> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi((m) => m.overrideProvider(DecisionContextRepository).useValue(new Grades()).overrideProvider(DecisionApprovals).useValue(new Approvals()));
    ({ app, http } = api);
    jest.spyOn(app.get(WorkingCalendar), 'isInPreClosureWindow').mockReturnValue(false);
    ds = app.get(DataSource);
    decisions = app.get(DecisionsService);
    uow = app.get(UnitOfWork);
    for (const email of ['worker@mash.localhost', 'manager@mash.localhost', 'manager2@mash.localhost', 'earlyhelp@mash.localhost', 'gp@mash.localhost']) {
      const [user] = await ds.query('SELECT id, role, agency_id FROM app_user WHERE email = $1', [email]);
      actors[email] = { userId: user.id, role: user.role, agencyId: user.agency_id, requestId: null, ip: null };
      const password = DEMO_USERS.find((u) => u.email === email)!.password;
      tokens[email] = (await http.post('/api/v1/auth/token').send({ email, password })).body.accessToken;
    }
  });
  afterAll(() => api.close());

  const as = (who: string) => `Bearer ${tokens[who]}`;
  const earlyHelp = (contactId: string, subjectId: string, over: Partial<RecordDecisionCommand> = {}): RecordDecisionCommand => ({
    contactId, subjectId, outcome: 'early_help', thresholdLevel: 2, rationale: 'Needs met by early help', historyReviewed: true, reasonCodes: ['needs_met_by_early_help'],
    leadProfessional: { name: 'Eli Early Help', email: 'earlyhelp@mash.localhost' },
    stepDown: {
      riskHandover: 'Neglect at home; attendance 80%; mother engaging with the family hub',
      plan: { actions: [{ action: 'Family support worker visits weekly', owner: 'Early Help', successCriteria: 'Attendance above 95% for six weeks' }] },
      reviewDate: '2027-03-01',
    },
    ...over,
  });
  async function decide(cmd: RecordDecisionCommand) {
    const recorded = await decisions.record(actors['worker@mash.localhost'], cmd);
    if (recorded.decision.status === 'final') return recorded.decision;
    return uow.run((em: EntityManager) => decisions.finalise(em, actors['manager@mash.localhost'], recorded.decision.id, [actors['manager@mash.localhost'].userId!]));
  }
  async function gpAnswered(contactId: string, subjectIds: string[]) {
    await ds.getRepository(AgencyCheck).insert({
      contactId, agencyType: 'health_gp', checkType: 'gp', subjectIds, reason: 'r', questions: ['q'], lawfulBasis: 's17', requestedByUserId: actors['worker@mash.localhost'].userId!,
      requestedAt: new Date(), dueAt: new Date(), dueAtSource: 'default', status: 'returned', responseSummary: 'Known, no concerns',
    });
  }

  it('early_help decision -> pending_acceptance -> the lead professional logs in and accepts -> early_help with that lead; before, the MASH is responsible', async () => {
    const personId = randomUUID();
    const { contact, subjects } = await createContact(ds, { subjects: [{ personId }] });
    await gpAnswered(contact.id, [subjects[0].id]);
    const decision = await decide(earlyHelp(contact.id, subjects[0].id));
    expect(decision.status).toBe('final');

    const before = await http.get(`/api/v1/people/${personId}/status`).set('Authorization', as('worker@mash.localhost'));
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ level: 'universal', responsible: 'mash', pendingStepDown: { status: 'pending_acceptance', leadProfessionalName: 'Eli Early Help' } });
    const stepDownId = before.body.pendingStepDown.id;

    // The lead professional (named by e-mail on the decision) sees it and accepts; another partner gets 404.
    const seen = await http.get(`/api/v1/step-downs/${stepDownId}`).set('Authorization', as('earlyhelp@mash.localhost'));
    expect(seen.body).toMatchObject({ status: 'pending_acceptance', decisionId: decision.id, leadProfessional: { userId: actors['earlyhelp@mash.localhost'].userId } });
    expect((await http.post(`/api/v1/step-downs/${stepDownId}/accept`).set('Authorization', as('gp@mash.localhost'))).status).toBe(404);
    const accepted = await http.post(`/api/v1/step-downs/${stepDownId}/accept`).set('Authorization', as('earlyhelp@mash.localhost'));
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');

    const after = await http.get(`/api/v1/people/${personId}/status`).set('Authorization', as('worker@mash.localhost'));
    expect(after.body).toMatchObject({
      level: 'early_help', responsible: 'lead_professional', pendingStepDown: null,
      leadProfessional: { userId: actors['earlyhelp@mash.localhost'].userId, name: 'Eli Early Help', agencyId: actors['earlyhelp@mash.localhost'].agencyId },
    });
    expect(new Date(after.body.since).getTime()).toBeGreaterThanOrEqual(new Date(accepted.body.respondedAt).getTime() - 1000);
  });

  it('an early_help decision for a child with a sexual abuse concern is refused (422 STEP-3.sexual-abuse) even with a manager override; nothing is saved', async () => {
    const { contact, subjects } = await createContact(ds, { subjects: [{ personId: randomUUID() }], concerns: [{ category: 'sexual_abuse' }] });
    await gpAnswered(contact.id, [subjects[0].id]);
    const caught = await decisions.record(actors['manager@mash.localhost'], earlyHelp(contact.id, subjects[0].id, { overrideReason: 'Manager view: early help' }))
      .then(() => null, (error: { getStatus?: () => number; details?: { rule: string }[] }) => error);
    expect(caught?.getStatus?.()).toBe(422);
    expect(caught?.details?.map((d) => d.rule)).toContain('STEP-3.sexual-abuse');
    expect(await ds.query('SELECT 1 FROM threshold_decision WHERE subject_id = $1', [subjects[0].id])).toEqual([]);
    expect(await ds.query('SELECT 1 FROM step_down WHERE subject_id = $1', [subjects[0].id])).toEqual([]);
  });
});
