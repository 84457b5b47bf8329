import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { ApprovalService } from '../../src/modules/triage/approvals/approval.service';
import { readConfigYaml } from '../../src/common/config-yaml';
import { ChallengeEscalationService } from '../../src/modules/challenges/jobs/challenge-escalation.service';
import { dateFromToday, tag } from '../factories/contact-bodies';
import { policeNotification, StrategyCast, strategyCast, submitContact } from '../factories/strategy-factory';
import { SmtpCapture } from '../utils/smtp-capture';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * Routes that lead somewhere and clocks that can be met, through HTTP with the real worker, SMTP
 * and Postgres: challenges of a declined strategy request and of a step-down go through the staged
 * escalation clocks to a manager's answer (SPEC STR-1, ESC-1); a step-down is complete or refused
 * (STEP-2); the ICPC, once recorded, meets its clock, and every clock of config/sla.yaml is met by
 * the event that should meet it (RAG-5, MGT-2). "The stage's working days pass" is arranged by
 * moving the running stage clock's due time into the past, then running the worker's sweep.
 */
describe('Front door: routes that lead somewhere, clocks that can be met (SPEC STR-1, ESC-1, STEP-2, RAG-5)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let smtp: SmtpCapture;
  let ds: DataSource;
  let cast: StrategyCast;
  const previousSmtp = process.env.SMTP_URL;

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    process.env.SMTP_URL = smtp.url;
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
    cast = await strategyCast(ds);
  });

  afterAll(async () => {
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM outbound_message WHERE status IN ('pending', 'sending')`))[0].n === 0, 20_000, 'mail to settle').catch(() => undefined);
    await worker?.close();
    await api?.close();
    await smtp?.close();
    process.env.SMTP_URL = previousSmtp;
  });

  const as = async (who: string) => ({ Authorization: `Bearer ${await api.tokenFor(who)}` });
  const post = async (who: string, path: string, body: object = {}) => api.http.post(path).set(await as(who)).send(body);
  const get = async (who: string, path: string) => api.http.get(path).set(await as(who));
  const earlyHelpUser = async () => (await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'earlyhelp@mash.localhost'`))[0] as { id: string; agency_id: string };
  const plan = { actions: [{ action: 'Family support worker visits weekly', owner: 'Early Help', successCriteria: 'Attendance above 95% for six weeks' }] };

  /** The running stage clock's working days pass; the worker's sweep moves the challenge up. */
  async function stageRunsOut(challengeId: string) {
    await ds.query(`UPDATE sla_clock SET due_at = now() - interval '1 minute' WHERE kind = 'challenge_response' AND target_type = 'challenge' AND target_id = $1 AND met_at IS NULL AND cancelled_at IS NULL`, [challengeId]);
    expect(await worker.get(ChallengeEscalationService).sweepOnce()).toBeGreaterThanOrEqual(1);
  }

  /** A police request; `graded`: made once the child has its provisional grade (a RED child's request starts the "held" clock). */
  async function policeRequest({ graded = false } = {}) {
    const contact = await submitContact(api, ds, 'police', policeNotification(tag()));
    if (graded) {
      const triage = await waitFor(async () => {
        const t = await get('mash_worker', `/api/v1/contacts/${contact.contactId}/triage`);
        return t.status === 200 && t.body.subjects?.[0]?.provisionalGrade ? t.body : null;
      }, 20_000, 'the provisional grade');
      expect(triage.subjects[0].provisionalGrade).toBe('RED');
    }
    const res = await post('police', '/api/v1/strategy-discussions', { contactId: contact.contactId, reason: 'Kidnap threats by the father', urgency: 'urgent' });
    expect(res.status).toBe(201);
    return { ...contact, id: res.body.id as string };
  }

  /** A school's contact about one child, graded by the worker process and confirmed by a MASH worker. */
  async function schoolChild(grade: 'GREEN' | 'AMBER', criterion: string, concern = { category: 'home_conditions', description: 'Home conditions poor; child often hungry' }) {
    const t = tag();
    const res = await post('referrer', '/api/v1/contacts', {
      channel: 'professional', concerns: [concern],
      subjects: [{ firstName: `Kid${t}`, lastName: `Door${t}`, dateOfBirth: dateFromToday({ years: -7 }), sex: 'M' }],
    });
    expect(res.status).toBe(201);
    const contactId: string = res.body.id;
    const triage = await waitFor(async () => {
      const r = await get('mash_worker', `/api/v1/contacts/${contactId}/triage`);
      return r.status === 200 && r.body.subjects?.[0]?.provisionalGrade ? r.body : null;
    }, 20_000, 'the provisional grade');
    const subjectId: string = triage.subjects[0].subjectId;
    const g = await post('mash_worker', `/api/v1/contacts/${contactId}/subjects/${subjectId}/grade`, { grade, criterion, rationale: 'Confirmed after reading the history.' });
    expect([200, 202]).toContain(g.status);
    return { contactId, subjectId };
  }

  it('STR-1, ESC-1: a declined strategy request -> the requester challenges the decline by the route its e-mail gives -> no answer in time moves it up a stage -> a manager answers changed -> the request is open and is convened', async () => {
    const r = await policeRequest();
    const declined = await post('mash_manager', `/api/v1/strategy-discussions/${r.id}/decline`, {
      reason: 'Threshold for s47 not met on current information', agenciesConsulted: [cast.police.id, cast.school.id], alternativePlan: 'Child and family assessment within 10 working days',
    });
    expect(declined.status).toBe(200);

    // The e-mail names the route, the challenge type and the target; the requester follows it as written.
    const mail = await waitFor(async () => smtp.to('police@mash.localhost').find((m) => m.headers['x-mash-strategy-discussion-id'] === r.id), 20_000, 'the decline e-mail');
    const route = /POST (\S+) with targetType "([a-z_]+)" and targetId ([0-9a-f-]{36})/.exec(mail.text);
    expect(route).not.toBeNull();
    const [, url, targetType, targetId] = route!;
    const path = new URL(url).pathname;
    expect([path, targetType, targetId]).toEqual(['/api/v1/challenges', 'strategy_decline', r.id]);

    // Only the requester's side may challenge it; anyone else: 404 (SEC-2).
    expect((await post('partner', path, { targetType, targetId, reason: 'Not ours' })).status).toBe(404);
    const raised = await post('police', path, { targetType, targetId, reason: 'The threats are credible and specific: a strategy discussion is needed.' });
    expect([raised.status, raised.body.details]).toEqual([201, undefined]);
    expect(raised.body).toMatchObject({ targetType: 'strategy_decline', targetId: r.id, contactId: r.contactId, status: 'open', stage: { index: 0, key: 'team_manager' } });
    expect(Date.parse(raised.body.stage.responseDueAt)).toBeGreaterThan(Date.now());

    await stageRunsOut(raised.body.id);
    const escalated = await get('police', `/api/v1/challenges/${raised.body.id}`);
    expect(escalated.body.stage).toMatchObject({ index: 1, key: 'service_manager' });
    expect(escalated.body.history.map((h: { kind: string; automatic: boolean }) => [h.kind, h.automatic])).toEqual([['raised', false], ['escalated', true]]);

    // The manager who declined may not answer the challenge of their own decline.
    const own = await post('manager@mash.localhost', `/api/v1/challenges/${raised.body.id}/respond`, { outcome: 'changed', reason: 'x' });
    expect(own.status).toBe(422);
    expect(own.body.details[0].rule).toBe('ESC-1.independent-responder');
    const answer = await post('manager2@mash.localhost', `/api/v1/challenges/${raised.body.id}/respond`, { outcome: 'changed', reason: 'The threats meet the threshold: convene the discussion.' });
    expect([answer.status, answer.body.details]).toEqual([200, undefined]);
    expect(answer.body).toMatchObject({ status: 'resolved', outcome: 'changed' });

    // The request is open again with its "answered" clock, and the MASH convenes it.
    const reopened = await get('mash_worker', `/api/v1/strategy-discussions/${r.id}`);
    expect(reopened.body.status).toBe('requested');
    const running = await ds.query(`SELECT kind FROM sla_clock WHERE target_type = 'strategy_discussion' AND target_id = $1 AND met_at IS NULL AND cancelled_at IS NULL`, [r.id]);
    expect(running.map((c: { kind: string }) => c.kind)).toContain('police_strategy_request_answered');
    const convened = await post('mash_worker', `/api/v1/strategy-discussions/${r.id}/convene`, {
      scheduledAt: new Date(Date.now() + 3600_000).toISOString(), mode: 'video', chair: cast.sam.id,
      invitees: [{ agencyId: cast.police.id, userId: cast.pat.id }, { agencyId: cast.csc.id }],
    });
    expect(convened.status).toBe(200);
    const [clock] = await ds.query(`SELECT met_at FROM sla_clock WHERE kind = 'challenge_response' AND target_type = 'challenge' AND target_id = $1 AND cancelled_at IS NULL`, [raised.body.id]);
    expect(clock.met_at).toBeInstanceOf(Date);
  });

  it('ESC-1, STEP-2: the school challenges a step-down of its referral -> stage clock runs out -> the service manager answers changed -> the step-down is withdrawn and the child is back in the triage queue', async () => {
    const { contactId, subjectId } = await schoolChild('GREEN', 'GREEN.universal-services');
    const eh = await earlyHelpUser();
    const proposed = await post('mash_worker', '/api/v1/step-downs', {
      subjectId, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Home conditions poor; child often hungry at school', plan, reviewDate: dateFromToday({ months: 2 }),
    });
    expect([proposed.status, proposed.body.details]).toEqual([201, undefined]);
    const stepDownId: string = proposed.body.id;

    expect((await post('police', '/api/v1/challenges', { targetType: 'step_down', targetId: stepDownId, reason: 'Not ours' })).status).toBe(404);
    const raised = await post('referrer', '/api/v1/challenges', { targetType: 'step_down', targetId: stepDownId, reason: 'Early help is not enough: the child is hungry every day.' });
    expect([raised.status, raised.body.details]).toEqual([201, undefined]);
    expect(raised.body).toMatchObject({ targetType: 'step_down', contactId, subjectId, stage: { key: 'team_manager' } });

    await stageRunsOut(raised.body.id);
    expect((await get('referrer', `/api/v1/challenges/${raised.body.id}`)).body.stage.key).toBe('service_manager');

    const answer = await post('manager2@mash.localhost', `/api/v1/challenges/${raised.body.id}/respond`, { outcome: 'changed', reason: 'Daily hunger needs a MASH assessment, not early help.' });
    expect([answer.status, answer.body.details]).toEqual([200, undefined]);
    const sd = await get('mash_worker', `/api/v1/step-downs/${stepDownId}`);
    expect(sd.body).toMatchObject({ status: 'requeued', requeueReason: 'challenge_changed' });
    const back = await get('mash_worker', `/api/v1/contacts/${sd.body.requeueContactId}`);
    expect(back.status).toBe(200);
    // Received, and graded again by the worker within moments.
    expect(['received', 'triaged']).toContain(back.body.status);
    const clocks = await ds.query(`SELECT kind, cancelled_at IS NOT NULL AS cancelled FROM sla_clock WHERE target_type = 'step_down' AND target_id = $1 ORDER BY kind`, [stepDownId]);
    expect(clocks).toEqual([{ kind: 'step_down_acceptance', cancelled: true }, { kind: 'step_down_hard_limit', cancelled: true }]);
    // Answered once: the step-down cannot be challenged again now that it is withdrawn.
    expect((await post('referrer', '/api/v1/challenges', { targetType: 'step_down', targetId: stepDownId, reason: 'again' })).status).toBe(409);
  });

  it('STEP-2: an early_help decision without a reachable lead professional, handover, plan or review date: 422 naming each field, nothing saved; with them the step-down is complete, and a second one for the child is refused (409)', async () => {
    const { contactId, subjectId } = await schoolChild('GREEN', 'GREEN.universal-services');
    const decide = (body: object) => post('mash_worker', `/api/v1/contacts/${contactId}/subjects/${subjectId}/decision`, {
      outcome: 'early_help', thresholdLevel: 2, rationale: 'Needs met by early help', historyReviewed: true, reasonCodes: ['needs_met_by_early_help'], ...body,
    });
    const refused = await decide({ leadProfessional: { name: 'Someone at the family hub' } });
    expect(refused.status).toBe(422);
    expect(refused.body.details.filter((d: { rule: string }) => d.rule === 'STEP-2.incomplete').map((d: { field: string }) => d.field).sort()).toEqual([
      'leadProfessional.agencyId', 'leadProfessional.email', 'stepDown.plan.actions', 'stepDown.reviewDate', 'stepDown.riskHandover',
    ]);
    // A manager's override does not supply a missing lead professional.
    const overridden = await post('mash_manager', `/api/v1/contacts/${contactId}/subjects/${subjectId}/decision`, {
      outcome: 'early_help', thresholdLevel: 2, rationale: 'r', historyReviewed: true, reasonCodes: ['needs_met_by_early_help'], overrideReason: 'Urgent', leadProfessional: { name: 'X' },
    });
    expect(overridden.status).toBe(422);
    expect((await ds.query('SELECT count(*)::int AS n FROM threshold_decision WHERE subject_id = $1', [subjectId]))[0].n).toBe(0);
    expect((await ds.query('SELECT count(*)::int AS n FROM step_down WHERE subject_id = $1', [subjectId]))[0].n).toBe(0);

    const eh = await earlyHelpUser();
    const made = await decide({
      leadProfessional: { name: 'Eli Early Help', email: 'earlyhelp@mash.localhost' },
      stepDown: { riskHandover: 'Home conditions poor; child often hungry', plan, reviewDate: dateFromToday({ months: 2 }) },
    });
    expect([made.status, made.body.details]).toEqual([201, undefined]);
    const [row] = await ds.query('SELECT id FROM step_down WHERE decision_id = $1', [made.body.id]);
    const sd = await get('mash_worker', `/api/v1/step-downs/${row.id}`);
    expect(sd.body).toMatchObject({
      status: 'pending_acceptance', receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id, name: 'Eli Early Help', email: 'earlyhelp@mash.localhost' },
      riskHandover: 'Home conditions poor; child often hungry', plan,
    });
    const second = await post('mash_worker', '/api/v1/step-downs', {
      subjectId, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'again', plan, reviewDate: dateFromToday({ months: 2 }),
    });
    expect(second.status).toBe(409);
    expect((await ds.query('SELECT count(*)::int AS n FROM step_down WHERE subject_id = $1', [subjectId]))[0].n).toBe(1);
  });

  it('STR-3, RAG-5, FB-3: the agencies that attended are sent the outcome; recording the ICPC (date held, outcome) meets the ICPC clock; a second record or one for a discussion without an ICPC is refused', async () => {
    const r = await policeRequest();
    const convened = await post('mash_worker', `/api/v1/strategy-discussions/${r.id}/convene`, {
      scheduledAt: new Date(Date.now() + 3600_000).toISOString(), mode: 'video', chair: cast.sam.id, invitees: [{ agencyId: cast.police.id, userId: cast.pat.id }, { agencyId: cast.csc.id }],
    });
    const invitees: { id: string; agencyId: string }[] = convened.body.invitees;
    const heldAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    const recorded = await post('mash_worker', `/api/v1/strategy-discussions/${r.id}/record`, {
      heldAt, attendance: invitees.map((i) => ({ inviteeId: i.id, status: i.agencyId === cast.police.id ? 'attended' : 'absent' })),
      evidenceShared: r.evidence.map((e) => ({ evidenceId: e.id, sharedWithPoliceAt: heldAt, sharedWithPoliceBy: 'DC Rao' })),
      outcome: 's47_joint', icpcRequired: true, childSeenAlonePlan: 'Seen alone at school',
    });
    expect([recorded.status, recorded.body.details]).toEqual([200, undefined]);
    // FB-3: the police officer who attended is told the outcome; the absent agency is not (it gets the minutes).
    const outcome = await waitFor(async () => smtp.to('police@mash.localhost').find((m) => m.headers['x-mash-strategy-discussion-id'] === r.id && m.subject === 'Strategy discussion outcome'), 20_000, 'the outcome e-mail');
    expect(outcome.text).toContain('Section 47 enquiry: joint');
    expect(outcome.text).toContain(`due by ${recorded.body.record.icpcDueDate}`);
    const sentTo = await ds.query(`SELECT recipient_ref FROM outbound_message WHERE purpose = 'strategy.outcome' AND about_id = $1`, [r.id]);
    expect(sentTo.map((m: { recipient_ref: string }) => m.recipient_ref)).toEqual([invitees.find((i) => i.agencyId === cast.police.id)!.id]);
    const [running] = await ds.query(`SELECT due_at, met_at FROM sla_clock WHERE kind = 'icpc_due' AND target_id = $1`, [r.id]);
    expect(running.met_at).toBeNull();

    const future = await post('mash_worker', `/api/v1/strategy-discussions/${r.id}/icpc`, { heldAt: new Date(Date.now() + 86_400_000).toISOString(), outcome: 'child_protection_plan' });
    expect(future.status).toBe(422);
    expect(future.body.details[0]).toMatchObject({ field: 'heldAt', rule: 'STR-3.icpc-held-in-future' });
    expect((await post('mash_worker', `/api/v1/strategy-discussions/${r.id}/icpc`, { heldAt: 'soon', outcome: 'maybe' })).body.details.map((d: { field: string }) => d.field).sort()).toEqual(['heldAt', 'outcome']);
    expect((await post('police', `/api/v1/strategy-discussions/${r.id}/icpc`, { heldAt, outcome: 'no_plan' })).status).toBe(403);

    const icpcAt = new Date(Date.now() - 3600_000).toISOString();
    const icpc = await post('mash_worker', `/api/v1/strategy-discussions/${r.id}/icpc`, { heldAt: icpcAt, outcome: 'child_protection_plan' });
    expect([icpc.status, icpc.body.details]).toEqual([200, undefined]);
    expect(icpc.body.record.icpc).toMatchObject({ heldAt: icpcAt, outcome: 'child_protection_plan' });
    const [met] = await ds.query(`SELECT met_at, breached_at FROM sla_clock WHERE kind = 'icpc_due' AND target_id = $1`, [r.id]);
    expect([met.met_at?.toISOString(), met.breached_at]).toEqual([icpcAt, null]);
    expect((await post('mash_worker', `/api/v1/strategy-discussions/${r.id}/icpc`, { heldAt: icpcAt, outcome: 'no_plan' })).status).toBe(409);

    const declined = await policeRequest();
    expect((await post('mash_worker', `/api/v1/strategy-discussions/${declined.id}/icpc`, { heldAt: icpcAt, outcome: 'no_plan' })).status).toBe(409);
  });

  it('RAG-5, MGT-2: every clock kind of config/sla.yaml is met by the event that should meet it, through the routes', async () => {
    const kinds = Object.keys((readConfigYaml('config', 'sla.yaml') as { clocks: Record<string, unknown> }).clocks).sort();
    const met = new Map<string, string>();
    /** Asserts the clock of `kind` on the target has been met, and records which event met it. */
    const expectMet = async (kind: string, targetType: string, targetId: string, event: string) => {
      const rows = await waitFor(async () => {
        const r = await ds.query(`SELECT met_at FROM sla_clock WHERE kind = $1 AND target_type = $2 AND target_id = $3 AND met_at IS NOT NULL`, [kind, targetType, targetId]);
        return r.length ? r : null;
      }, 20_000, `${kind} met by ${event}`);
      expect(rows).toHaveLength(1);
      met.set(kind, event);
    };

    // A school's referral decided early help: the decision, its feedback, the step-down, a challenge.
    const { contactId, subjectId } = await schoolChild('GREEN', 'GREEN.universal-services');
    const decision = await post('mash_worker', `/api/v1/contacts/${contactId}/subjects/${subjectId}/decision`, {
      outcome: 'early_help', thresholdLevel: 2, rationale: 'Needs met by early help', historyReviewed: true, reasonCodes: ['needs_met_by_early_help'],
      leadProfessional: { name: 'Eli Early Help', email: 'earlyhelp@mash.localhost' },
      stepDown: { riskHandover: 'Home conditions poor', plan, reviewDate: dateFromToday({ months: 2 }) },
    });
    expect([decision.status, decision.body.details]).toEqual([201, undefined]);
    await expectMet('decision_due', 'contact', contactId, 'the threshold decision for every child (POST .../decision)');
    await expectMet('feedback_due', 'threshold_decision', decision.body.id, 'the outcome feedback sent to the referrer (worker, SMTP)');
    const [sd] = await ds.query('SELECT id FROM step_down WHERE decision_id = $1', [decision.body.id]);
    expect((await post('earlyhelp@mash.localhost', `/api/v1/step-downs/${sd.id}/accept`)).status).toBe(200);
    await expectMet('step_down_acceptance', 'step_down', sd.id, 'the lead professional accepts (POST /step-downs/{id}/accept)');
    await expectMet('step_down_hard_limit', 'step_down', sd.id, 'the lead professional accepts before the hard limit');
    const challenge = await post('referrer', '/api/v1/challenges', { targetType: 'decision', targetId: decision.body.id, reason: 'We think this needs an assessment.' });
    expect(challenge.status).toBe(201);
    expect((await post('mash_manager', `/api/v1/challenges/${challenge.body.id}/respond`, { outcome: 'not_upheld', reason: 'Early help meets the need.' })).status).toBe(200);
    await expectMet('challenge_response', 'challenge', challenge.body.id, 'a manager answers at the stage (POST /challenges/{id}/respond)');

    // A police request for a RED child: convened, held with an ICPC, minutes sent, ICPC recorded.
    const rr = await policeRequest({ graded: true });
    const convened = await post('mash_worker', `/api/v1/strategy-discussions/${rr.id}/convene`, {
      scheduledAt: new Date(Date.now() + 3600_000).toISOString(), mode: 'video', chair: cast.sam.id, invitees: [{ agencyId: cast.police.id, userId: cast.pat.id }, { agencyId: cast.csc.id }],
    });
    expect(convened.status).toBe(200);
    await expectMet('police_strategy_request_answered', 'strategy_discussion', rr.id, 'the MASH convenes (or a manager declines) the request');
    const heldAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    const recorded = await post('mash_worker', `/api/v1/strategy-discussions/${rr.id}/record`, {
      heldAt, attendance: (convened.body.invitees as { id: string }[]).map((i) => ({ inviteeId: i.id, status: 'attended' })),
      evidenceShared: rr.evidence.map((e) => ({ evidenceId: e.id, sharedWithPoliceAt: heldAt, sharedWithPoliceBy: 'DC Rao' })),
      outcome: 's47_joint', icpcRequired: true, childSeenAlonePlan: 'Seen alone at school',
    });
    expect([recorded.status, recorded.body.details]).toEqual([200, undefined]);
    await expectMet('strategy_discussion_held', 'strategy_discussion', rr.id, 'the discussion recorded as held (POST .../record)');
    expect((await post('mash_worker', `/api/v1/strategy-discussions/${rr.id}/minutes/distribute`)).status).toBe(200);
    await expectMet('minutes_distributed', 'strategy_discussion', rr.id, 'the minutes distributed to every invitee');
    expect((await post('mash_worker', `/api/v1/strategy-discussions/${rr.id}/icpc`, { heldAt: new Date(Date.now() - 3600_000).toISOString(), outcome: 'child_protection_plan' })).status).toBe(200);
    await expectMet('icpc_due', 'strategy_discussion', rr.id, 'the ICPC recorded as held (POST .../icpc)');

    expect([...met.keys()].sort()).toEqual(kinds);
  });

  it('MGT-2: a list of 250 approvals is read completely with the cursor, in order, none twice; a cursor not made by the service is a 400', async () => {
    const approvals = api.app.get(ApprovalService);
    const kind = `pagination_${tag()}`;
    approvals.registerHandler(kind, { approve: async () => undefined, reject: async () => undefined });
    const [manager] = await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'manager@mash.localhost'`);
    const actor = { userId: manager.id, role: 'mash_manager' as const, agencyId: manager.agency_id, requestId: null, ip: null };
    const made: string[] = await api.app.get(UnitOfWork).run(async (em) => {
      const ids: string[] = [];
      for (let i = 0; i < 250; i++) ids.push((await approvals.request(em, actor, { kind, targetType: 'test', targetId: randomUUID(), contactId: null, payload: { i } })).id);
      return ids;
    });

    const read: { id: string; requestedAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: { id: string; requestedAt: string }[]; nextCursor: string | null } } = await api.http.get('/api/v1/approvals').query({ kind, limit: 100, ...(cursor ? { cursor } : {}) }).set(await as('mash_manager'));
      expect(res.status).toBe(200);
      read.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(read.map((a) => a.id).sort()).toEqual([...made].sort());
    expect(new Set(read.map((a) => a.id)).size).toBe(250);
    expect(read.map((a) => a.requestedAt)).toEqual([...read.map((a) => a.requestedAt)].sort());

    const forged = await api.http.get('/api/v1/approvals').query({ kind, cursor: 'not-a-cursor' }).set(await as('mash_manager'));
    expect(forged.status).toBe(400);
    expect(forged.body.details[0]).toMatchObject({ field: 'cursor' });
  });

  it('INT-10: the malicious/vexatious tag needs evidence and another manager\'s approval; it never closes the contact or changes its grade', async () => {
    const { contactId, subjectId } = await schoolChild('GREEN', 'GREEN.universal-services');
    const before = await get('mash_worker', `/api/v1/contacts/${contactId}/triage`);
    const statusBefore = (await get('mash_worker', `/api/v1/contacts/${contactId}`)).body.status;

    const noEvidence = await post('mash_worker', `/api/v1/contacts/${contactId}/tags/malicious-vexatious`, { evidence: '' });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.details.map((d: { field: string }) => d.field)).toEqual(['evidence']);
    expect((await post('referrer', `/api/v1/contacts/${contactId}/tags/malicious-vexatious`, { evidence: 'x' })).status).toBe(403);

    const evidence = 'Third call this month naming the same family; police confirm the caller is a neighbour in a boundary dispute.';
    const proposed = await post('manager@mash.localhost', `/api/v1/contacts/${contactId}/tags/malicious-vexatious`, { evidence });
    expect([proposed.status, proposed.body.details]).toEqual([201, undefined]);
    expect(proposed.body).toMatchObject({ kind: 'malicious_vexatious', status: 'proposed', evidence });
    expect((await post('mash_worker', `/api/v1/contacts/${contactId}/tags/malicious-vexatious`, { evidence })).status).toBe(409);

    // Nobody approves their own proposal; another manager does, through the approvals list.
    expect((await post('manager@mash.localhost', `/api/v1/approvals/${proposed.body.approvalId}/approve`, {})).status).toBe(403);
    const approved = await post('manager2@mash.localhost', `/api/v1/approvals/${proposed.body.approvalId}/approve`, { comments: 'Evidence from police is clear.' });
    expect(approved.status).toBe(200);
    const tags = await get('mash_worker', `/api/v1/contacts/${contactId}/tags`);
    expect(tags.body.items).toEqual([expect.objectContaining({ id: proposed.body.id, status: 'approved', decisionComments: 'Evidence from police is clear.' })]);

    // The contact is still open work with the same grade and status.
    const after = await get('mash_worker', `/api/v1/contacts/${contactId}/triage`);
    expect(after.body.subjects.find((x: { subjectId: string }) => x.subjectId === subjectId).grade).toBe(before.body.subjects.find((x: { subjectId: string }) => x.subjectId === subjectId).grade);
    expect((await get('mash_worker', `/api/v1/contacts/${contactId}`)).body.status).toBe(statusBefore);
  });
});
