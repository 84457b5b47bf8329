import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkingCalendar } from '../../src/modules/calendar/domain/working-calendar';
import { SlaSweepService } from '../../src/modules/calendar/sla-sweep.service';
import { DecisionContributions } from '../../src/modules/decisions/decision-contributions';
import { tag } from '../factories/contact-bodies';
import { policeNotification, strategyCast, submitContact } from '../factories/strategy-factory';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * Strategy clocks (SPEC STR-1, RAG-5) on triage's SLA clocks and sweep: a police request starts the
 * 4-hour "answered" clock; left unanswered it breaches once and every MASH manager is notified;
 * convening meets it.
 */
describe('Strategy discussion clocks (SPEC STR-1, RAG-5)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
  });
  afterAll(async () => {
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM outbound_message WHERE about_type = 'feedback' AND status IN ('pending', 'sending')`))[0].n === 0, 20_000, 'acknowledgements to settle').catch(() => undefined);
    await worker?.close();
    await api?.close();
  });

  const request = async () => {
    const c = await submitContact(api, ds, 'police', policeNotification(tag()));
    const res = await api.http.post('/api/v1/strategy-discussions').set('Authorization', `Bearer ${await api.tokenFor('police')}`).send({ contactId: c.contactId, reason: 'Threats', urgency: 'urgent' });
    expect(res.status).toBe(201);
    return res.body as { id: string; requestedAt: string };
  };
  const clock = async (id: string, kind: string) =>
    (await ds.query(`SELECT id, due_at, met_at, breached_at FROM sla_clock WHERE target_type = 'strategy_discussion' AND target_id = $1 AND kind = $2`, [id, kind]))[0] as
      { id: string; due_at: Date; met_at: Date | null; breached_at: Date | null } | undefined;

  it('an unanswered police request breaches its 4-hour clock once and notifies the managers', async () => {
    const r = await request();
    const answered = (await clock(r.id, 'police_strategy_request_answered'))!;
    // 4 hours around the clock (config/sla.yaml), whatever the day.
    expect(answered.due_at.getTime() - Date.parse(r.requestedAt)).toBe(4 * 3600_000);

    // Four hours pass with no answer.
    await ds.query(`UPDATE sla_clock SET started_at = started_at - interval '5 hours', due_at = now() - interval '1 hour' WHERE id = $1`, [answered.id]);
    // The worker's scheduled sweep (every 30 s) or this pass, whichever comes first, breaches it; never twice.
    await worker.get(SlaSweepService).sweepOnce();
    expect((await clock(r.id, 'police_strategy_request_answered'))!.breached_at).toBeInstanceOf(Date);
    expect(await worker.get(SlaSweepService).sweepOnce()).toBe(0);

    const managers: { id: string }[] = await ds.query(`SELECT id FROM app_user WHERE role = 'mash_manager' AND active ORDER BY id`);
    const notes: { user_id: string }[] = await ds.query(`SELECT user_id FROM notification WHERE clock_id = $1 ORDER BY user_id`, [answered.id]);
    expect(notes.map((n) => n.user_id)).toEqual(managers.map((m) => m.id));
    const breaches = await ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'sla_clock.breached' AND entity_id = $1`, [answered.id]);
    expect(breaches[0].n).toBe(1);
  });

  it('a RED child: the request also starts the "held" clock (1 working day), and STR-2.reasonable-cause guards a lower decision', async () => {
    // The police notification names a threat to harm the child: triage grades it RED (config/thresholds).
    const c = await submitContact(api, ds, 'police', policeNotification(tag()));
    await waitFor(async () => (await ds.query(`SELECT grade FROM subject_grade WHERE subject_id = $1`, [c.subjectId]))[0]?.grade === 'RED', 20_000, 'the RED grade');
    const res = await api.http.post('/api/v1/strategy-discussions').set('Authorization', `Bearer ${await api.tokenFor('police')}`).send({ contactId: c.contactId, reason: 'Threats', urgency: 'urgent' });
    expect(res.status).toBe(201);
    const held = (await clock(res.body.id, 'strategy_discussion_held'))!;
    const calendar = api.app.get(WorkingCalendar);
    expect(held.due_at.toISOString()).toBe(calendar.addWorkingTime(new Date(res.body.requestedAt), { workingDays: 1 }).toISOString());
    const findings = await ds.transaction((em) => api.app.get(DecisionContributions).findings(em, { contactId: c.contactId, subjectId: c.subjectId, outcome: 'cin_assessment', thresholdLevel: 3 }));
    expect(findings.map((f) => f.rule)).toContain('STR-2.reasonable-cause');

    // The request is an event in the child's chronology (the people module finds the strategy source).
    const [{ person_id: personId }] = await ds.query(`SELECT person_id FROM contact_subject WHERE id = $1`, [c.subjectId]);
    const chronology = await api.http.get(`/api/v1/people/${personId}/chronology`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
    expect(chronology.status).toBe(200);
    expect(JSON.stringify(chronology.body)).toContain(`strategy.requested.${res.body.id}`);
  });

  it('convening answers the request: the clock is met, and never breaches', async () => {
    const r = await request();
    const cast = await strategyCast(ds);
    const res = await api.http
      .post(`/api/v1/strategy-discussions/${r.id}/convene`)
      .set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`)
      .send({ scheduledAt: new Date(Date.now() + 3600_000).toISOString(), mode: 'phone', chair: cast.sam.id, invitees: [{ agencyId: cast.police.id }, { agencyId: cast.csc.id }] });
    expect(res.status).toBe(200);
    const answered = (await clock(r.id, 'police_strategy_request_answered'))!;
    expect(answered.met_at).toBeInstanceOf(Date);
    await ds.query(`UPDATE sla_clock SET due_at = now() - interval '1 hour' WHERE id = $1`, [answered.id]);
    await worker.get(SlaSweepService).sweepOnce();
    expect((await clock(r.id, 'police_strategy_request_answered'))!.breached_at).toBeNull();
  });
});
