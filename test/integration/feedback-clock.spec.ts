import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { SlaSweepService } from '../../src/modules/calendar/sla-sweep.service';
import { FinalDecisionFollowUp } from '../../src/modules/decisions/final-decision-follow-up';
import { createContact } from '../factories/contact-factory';
import { insertDecision } from '../factories/feedback-factory';
import { withDb } from '../utils/db';
import { startApi, startWorker, TestApi } from '../utils/test-app';

/** SPEC RAG-5 / FB-1: outcome feedback is due one working day after the decision, and a miss breaches once. */
describe('Feedback clock (SPEC RAG-5, FB-1)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('a decision made at 16:30 on a Friday with feedback not sent is due at 16:30 on the next working day and breaches once', async () => {
    const ds = api.app.get(DataSource);
    const friday = new Date('2026-11-13T16:30:00Z'); // Friday, GMT (London = UTC in November)
    const [sam] = await ds.query(`SELECT id FROM app_user WHERE email = 'worker@mash.localhost'`);
    const { contact, subjects } = await createContact(ds, { status: 'in_progress', receivedAt: new Date('2026-11-13T10:00:00Z') });
    // An identifiable referrer, so feedback must actually be e-mailed (no SMTP server listens in this test).
    await ds.query(`INSERT INTO contact_referrer (contact_id, name, email, role) VALUES ($1, 'Dana DSL', 'dsl@riverside-school.localhost', 'DSL')`, [contact.id]);
    const decision = await ds.transaction(async (em) => {
      const d = await insertDecision(em, { contactId: contact.id, subjectId: subjects[0].id, outcome: 'cin_assessment', thresholdLevel: 3, rationale: 'Assess', decidedByUserId: sam.id, decidedAt: friday });
      await api.app.get(FinalDecisionFollowUp).onFinal(em, d, SYSTEM_ACTOR);
      return d;
    });
    const clock = async () =>
      withDb(async (db) => (await db.query(`SELECT due_at, breached_at, met_at FROM sla_clock WHERE kind = 'feedback_due' AND target_id = $1`, [decision.id])).rows);

    const [started] = await clock();
    expect(started.due_at.toISOString()).toBe('2026-11-16T16:30:00.000Z'); // Monday: the weekend does not count
    expect(started.met_at).toBeNull();

    const sweep = worker.get(SlaSweepService);
    await sweep.sweepOnce();
    await sweep.sweepOnce();
    const [after] = await clock();
    expect(after.breached_at).toBeInstanceOf(Date);
    const notes = await withDb(async (db) => (await db.query(`SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users FROM notification WHERE clock_id = (SELECT id FROM sla_clock WHERE kind = 'feedback_due' AND target_id = $1)`, [decision.id])).rows[0]);
    expect(notes.n).toBe(notes.users); // each person told once, however often the sweep runs
    expect(notes.n).toBeGreaterThan(0);
  });
});
