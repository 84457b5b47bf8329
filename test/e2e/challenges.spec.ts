import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChallengeEscalationService } from '../../src/modules/challenges/jobs/challenge-escalation.service';
import { createContact } from '../factories/contact-factory';
import { demoUser, insertDecisionRow } from '../factories/oversight-factory';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * Challenge and escalation (SPEC ESC-1, ESC-2) end to end: a school challenges an NFA, nobody
 * answers within the stage's 2 working days, the worker's sweep moves it to the service manager,
 * who answers `changed`; the new decision supersedes the NFA and the school sees the outcome.
 * "Two working days pass" is arranged by moving the stage clock's due time into the past.
 */
describe('Challenges (SPEC ESC-1, ESC-2)', () => {
  let api: TestApi;
  let worker: INestApplicationContext | undefined;
  let ds: DataSource;

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  /** A contact from the school's DSL, graded AMBER and decided NFA by the MASH worker. */
  async function schoolNfa() {
    const rita = await demoUser(ds, 'referrer@mash.localhost');
    const sam = await demoUser(ds, 'worker@mash.localhost');
    const c = await createContact(ds, { submittedByUserId: rita.id, submittedByAgencyId: rita.agencyId, status: 'decided', receivedAt: new Date(Date.now() - 3 * 86_400_000) });
    const subject = c.subjects[0];
    await ds.query(
      `INSERT INTO subject_grade (contact_id, subject_id, provisional_grade, fired_rules, flags, facts, grade, confirmed_grade, confirmed_by_user_id, confirmed_at, framework_version)
       VALUES ($1, $2, 'AMBER', '[]', '[]', '{}', 'AMBER', 'AMBER', $3, now(), 'test')`,
      [c.contact.id, subject.id, sam.id],
    );
    // The GP answered the required check (CHK-2) before the NFA.
    await ds.query(
      `INSERT INTO agency_check (contact_id, agency_type, check_type, subject_ids, reason, questions, lawful_basis, requested_by_user_id, requested_at, due_at, due_at_source, status, response_summary, responded_at)
       VALUES ($1, 'health_gp', 'gp', $2, 'AMBER child', '{Known to the practice?}', 'Children Act 1989 s17', $3, now() - interval '2 days', now() - interval '1 day', 'requester', 'returned', 'Seen for a cough only', now() - interval '1 day')`,
      [c.contact.id, [subject.id], sam.id],
    );
    const nfa = await insertDecisionRow(ds, {
      contactId: c.contact.id,
      subjectId: subject.id,
      outcome: 'nfa',
      thresholdLevel: 1,
      decidedByUserId: sam.id,
      decidedAt: new Date(Date.now() - 86_400_000),
      riskAnalysis: 'Low risk',
      reasonsThresholdNotMet: 'No indicator of harm',
      alternativeSupport: ['School nurse'],
      gradeAtDecision: 'AMBER',
    });
    return { contactId: c.contact.id, subjectId: subject.id, nfa };
  }

  const as = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  it('a school challenges an NFA; no answer in 2 working days moves it to stage 2; the service manager answers changed; the new decision supersedes the NFA; the school sees the outcome', async () => {
    const { nfa } = await schoolNfa();
    const school = await as('referrer@mash.localhost');

    const raised = await api.http.post('/api/v1/challenges').set('Authorization', school).send({ targetType: 'decision', targetId: nfa.id, reason: 'We believe this child needs an assessment: bruising seen twice.' });
    expect(raised.status).toBe(201);
    expect(raised.body.stage).toEqual(expect.objectContaining({ index: 0, key: 'team_manager' }));
    expect(Date.parse(raised.body.stage.responseDueAt)).toBeGreaterThan(Date.now());
    const id = raised.body.id;

    // A second open challenge of the same decision by the same school is refused.
    expect((await api.http.post('/api/v1/challenges').set('Authorization', school).send({ targetType: 'decision', targetId: nfa.id, reason: 'again' })).status).toBe(409);

    // Two working days pass without an answer: the worker's escalation sweep moves it up, when the
    // worker starts or at the latest on its next scheduled run (every 30 s, config/escalation.yaml).
    await ds.query(`UPDATE sla_clock SET due_at = now() - interval '1 minute' WHERE kind = 'challenge_response' AND target_type = 'challenge' AND target_id = $1 AND met_at IS NULL AND cancelled_at IS NULL`, [id]);
    worker = await startWorker();
    const escalated = await waitFor(async () => {
      const res = await api.http.get(`/api/v1/challenges/${id}`).set('Authorization', school);
      return res.body.stage?.key === 'service_manager' ? res.body : null;
    }, 45_000, 'the escalation sweep').catch(async (error: Error) => {
      // What held it up, for whoever reads a failed run: the challenge, its clocks, and any session waiting on a lock.
      const state = {
        challenge: await ds.query('SELECT status, stage_index FROM challenge WHERE id = $1', [id]),
        clocks: await ds.query(`SELECT due_at, breached_at, met_at, cancelled_at FROM sla_clock WHERE target_type = 'challenge' AND target_id = $1`, [id]),
        waiting: await ds.query(`SELECT application_name, state, wait_event_type, wait_event, left(query, 120) AS query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`),
      };
      throw new Error(`${error.message}: ${JSON.stringify(state)}`);
    });
    expect(escalated.stage.index).toBe(1);
    expect(Date.parse(escalated.stage.responseDueAt)).toBeGreaterThan(Date.now());
    expect(escalated.history.map((h: { kind: string; stage: string; automatic: boolean }) => [h.kind, h.stage, h.automatic])).toEqual([
      ['raised', 'team_manager', false],
      ['escalated', 'service_manager', true],
    ]);
    // Exactly once: sweeping again escalates nothing (the new stage's clock is not due).
    expect(await worker.get(ChallengeEscalationService).sweepOnce()).toBe(0);
    const clocks = await ds.query(`SELECT cancelled_at IS NOT NULL AS cancelled FROM sla_clock WHERE target_type = 'challenge' AND target_id = $1 ORDER BY created_at`, [id]);
    expect(clocks).toEqual([{ cancelled: true }, { cancelled: false }]);

    // The service manager answers: changed, with the new decision.
    const answer = await api.http.post(`/api/v1/challenges/${id}/respond`).set('Authorization', await as('manager2@mash.localhost')).send({
      outcome: 'changed',
      reason: 'The repeated bruising meets the threshold for an assessment.',
      newDecision: { outcome: 'cin_assessment', thresholdLevel: 3, rationale: 'Child and family assessment to understand the bruising.', historyReviewed: true },
    });
    expect([answer.status, answer.body.details]).toEqual([200, undefined]);
    expect(answer.body.newDecision).toEqual(expect.objectContaining({ outcome: 'cin_assessment', status: 'final' }));
    const [old] = await ds.query('SELECT status, superseded_by_id FROM threshold_decision WHERE id = $1', [nfa.id]);
    expect(old).toEqual({ status: 'superseded', superseded_by_id: answer.body.newDecision.id });
    const [fresh] = await ds.query('SELECT supersedes_id, supersede_reason FROM threshold_decision WHERE id = $1', [answer.body.newDecision.id]);
    expect(fresh.supersedes_id).toBe(nfa.id);
    expect(fresh.supersede_reason).toContain(id);

    // The school sees the outcome in its own list.
    const mine = await api.http.get('/api/v1/challenges?mine=true').set('Authorization', school);
    expect(mine.status).toBe(200);
    const seen = mine.body.items.find((c: { id: string }) => c.id === id);
    expect(seen).toEqual(expect.objectContaining({ status: 'resolved', outcome: 'changed', outcomeReason: 'The repeated bruising meets the threshold for an assessment.' }));
    expect(seen.newDecision.outcome).toBe('cin_assessment');
    expect(seen.history.map((h: { kind: string }) => h.kind)).toEqual(['raised', 'escalated', 'responded']);
    expect(seen.procedureUrl).toMatch(/^https:/);

    // A second answer is a conflict.
    const twice = await api.http.post(`/api/v1/challenges/${id}/respond`).set('Authorization', await as('manager@mash.localhost')).send({ outcome: 'not_upheld', reason: 'x' });
    expect(twice.status).toBe(409);
  });

  it('only what concerns the challenger can be challenged (404 otherwise); only managers answer; answers follow the rules', async () => {
    const { nfa, subjectId, contactId } = await schoolNfa();
    for (const who of ['police', 'partner']) {
      const res = await api.http.post('/api/v1/challenges').set('Authorization', await as(who)).send({ targetType: 'decision', targetId: nfa.id, reason: 'Not ours' });
      expect(res.status).toBe(404);
    }
    expect((await api.http.post('/api/v1/challenges').set('Authorization', await as('mash_worker')).send({ targetType: 'decision', targetId: nfa.id, reason: 'x' })).status).toBe(403);
    const bad = await api.http.post('/api/v1/challenges').set('Authorization', await as('referrer')).send({ targetType: 'verdict', targetId: nfa.id, reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['reason', 'targetType']);

    const grade = await api.http.post('/api/v1/challenges').set('Authorization', await as('referrer')).send({ targetType: 'grade', targetId: subjectId, reason: 'The grade should be RED' });
    expect(grade.status).toBe(201);
    expect(grade.body.contactId).toBe(contactId);
    // Other referrers' challenges are not theirs to see.
    expect((await api.http.get(`/api/v1/challenges/${grade.body.id}`).set('Authorization', await as('police'))).status).toBe(404);
    expect((await api.http.get('/api/v1/challenges').set('Authorization', await as('police'))).status).toBe(400);

    const dec = await api.http.post('/api/v1/challenges').set('Authorization', await as('referrer')).send({ targetType: 'decision', targetId: nfa.id, reason: 'Please look again' });
    const noDecision = await api.http.post(`/api/v1/challenges/${dec.body.id}/respond`).set('Authorization', await as('manager@mash.localhost')).send({ outcome: 'changed', reason: 'Changed' });
    expect(noDecision.status).toBe(422);
    expect(noDecision.body.details[0]).toEqual(expect.objectContaining({ field: 'newDecision', rule: 'ESC-1.changed-needs-decision' }));
    expect((await api.http.post(`/api/v1/challenges/${dec.body.id}/respond`).set('Authorization', await as('mash_worker')).send({ outcome: 'upheld', reason: 'ok' })).status).toBe(403);
    const upheld = await api.http.post(`/api/v1/challenges/${dec.body.id}/respond`).set('Authorization', await as('manager@mash.localhost')).send({ outcome: 'not_upheld', reason: 'The decision stands: no indicator of harm.' });
    expect(upheld.status).toBe(200);
    expect(upheld.body).toEqual(expect.objectContaining({ status: 'resolved', outcome: 'not_upheld', newDecision: null }));
    const [clock] = await ds.query(`SELECT met_at IS NOT NULL AS met FROM sla_clock WHERE target_type = 'challenge' AND target_id = $1`, [dec.body.id]);
    expect(clock.met).toBe(true);
  });

  it('an involved agency requests a professionals-only meeting with a criterion; the answer is due on the clock', async () => {
    const { contactId } = await schoolNfa();
    const res = await api.http.post('/api/v1/professionals-meetings').set('Authorization', await as('referrer')).send({ contactId, criterion: 'drift', reason: 'Nothing has changed for this child in months' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({ status: 'requested', criterion: 'drift' }));
    expect(Date.parse(res.body.answerDueAt)).toBeGreaterThan(Date.now());
    expect((await api.http.post('/api/v1/professionals-meetings').set('Authorization', await as('police')).send({ contactId, criterion: 'drift', reason: 'x' })).status).toBe(404);
    expect((await api.http.post('/api/v1/professionals-meetings').set('Authorization', await as('referrer')).send({ contactId, criterion: 'gossip', reason: 'x' })).status).toBe(400);
    const noDate = await api.http.post(`/api/v1/professionals-meetings/${res.body.id}/answer`).set('Authorization', await as('mash_manager')).send({ answer: 'agreed', reason: 'Yes' });
    expect(noDate.status).toBe(422);
    const agreed = await api.http.post(`/api/v1/professionals-meetings/${res.body.id}/answer`).set('Authorization', await as('mash_manager')).send({ answer: 'agreed', reason: 'We will meet', meetingAt: '2026-12-01T10:00:00Z' });
    expect(agreed.status).toBe(200);
    expect(agreed.body.status).toBe('agreed');
    const mine = await api.http.get('/api/v1/professionals-meetings?mine=true').set('Authorization', await as('referrer'));
    expect(mine.body.items.find((m: { id: string }) => m.id === res.body.id).answerReason).toBe('We will meet');
  });
});
