import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { SlaSweepService } from '../../src/modules/calendar/sla-sweep.service';
import { SlaClockService } from '../../src/modules/calendar/sla-clock.service';
import { SweepSchedulerService } from '../../src/modules/calendar/jobs/sweep-scheduler.service';
import { QUEUES } from '../../src/queue/queue-names';
import { createContact } from '../factories/contact-factory';
import { withDb } from '../utils/db';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * SLA clocks survive restarts and breach exactly once (SPEC RAG-5, REL-5): the sweep reads due
 * clocks from Postgres, marks each breach with a conditional UPDATE and notifies the holder and every
 * MASH manager once, however many times or in how many workers it runs.
 */
describe('SLA sweep (SPEC RAG-5, REL-5)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(() => api.close());

  const managers = () => withDb(async (db) => (await db.query(`SELECT id FROM app_user WHERE role = 'mash_manager' AND active`)).rows.map((r) => r.id as string));
  const workerId = () => withDb(async (db) => (await db.query(`SELECT id FROM app_user WHERE email = 'worker@mash.localhost'`)).rows[0].id as string);
  const notificationsFor = (clockId: string) =>
    withDb(async (db) => (await db.query('SELECT user_id, message FROM notification WHERE clock_id = $1 ORDER BY user_id', [clockId])).rows as { user_id: string; message: string }[]);

  /** A clock that fell due while no worker was running, written straight to the table. */
  async function pastDueClock(holderUserId: string | null, contactId: string): Promise<string> {
    return withDb(async (db) => {
      const { rows } = await db.query(
        `INSERT INTO sla_clock (kind, target_type, target_id, contact_id, holder_user_id, started_at, due_at, duration)
         VALUES ('decision_due', 'contact', $1, $1, $2, now() - interval '5 hours', now() - interval '1 hour', '{"aroundTheClock": true, "hours": 4}')
         RETURNING id`,
        [contactId, holderUserId],
      );
      return rows[0].id;
    });
  }

  it('a clock that fell due while the worker was down is breached once when it restarts; holder and managers are told once', async () => {
    const first = await startWorker();
    const { contact } = await createContact(api.app.get(DataSource), {});
    await first.close(); // the worker goes down

    const holder = await workerId();
    const clockId = await pastDueClock(holder, contact.id);

    const restarted = await startWorker();
    try {
      const breachedAt = await waitFor(
        () => withDb(async (db) => (await db.query('SELECT breached_at FROM sla_clock WHERE id = $1', [clockId])).rows[0].breached_at as Date | null),
        15_000,
        'the restarted worker to breach the clock',
      );
      expect(breachedAt).toBeInstanceOf(Date);
      const expected = [holder, ...(await managers())].sort();
      const notes = await notificationsFor(clockId);
      expect(notes.map((n) => n.user_id)).toEqual(expected);
      expect(notes[0].message).toContain(contact.reference);
      expect(notes[0].message).not.toMatch(/Child|Fam/); // references and times only, never names

      // The schedule lives in Redis, so every worker (and the next restart) shares one.
      const queue = restarted.get<Queue>(getQueueToken(QUEUES.sweeps), { strict: false });
      const scheduler = await waitFor(async () => (await queue.getJobSchedulers()).find((s) => s.key === 'sla.sweep'), 15_000, 'the sweep schedule');
      expect(Number(scheduler.every)).toBe(30_000);

      // Sweeping again changes nothing for this clock (other tests' clocks in the same database may fall due meanwhile).
      await restarted.get(SlaSweepService).sweepOnce();
      expect(await notificationsFor(clockId)).toHaveLength(expected.length);
      const audits = await withDb((db) => db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'sla_clock.breached' AND entity_id = $1`, [clockId]));
      expect(audits.rows[0].n).toBe(1);

      // The holder sees it in their notifications.
      const mine = await api.http.get('/api/v1/notifications').query({ unread: 'true' }).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
      expect(mine.status).toBe(200);
      const note = mine.body.items.find((n: { clockId: string }) => n.clockId === clockId);
      expect(note).toMatchObject({ kind: 'sla_breach', contactId: contact.id, readAt: null });
      const read = await api.http.post(`/api/v1/notifications/${note.id}/read`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
      expect(read.status).toBe(200);
      expect(read.body.readAt).not.toBeNull();
      // Someone else's notification is not yours: 404.
      const others = await api.http.post(`/api/v1/notifications/${note.id}/read`).set('Authorization', `Bearer ${await api.tokenFor('manager@mash.localhost')}`);
      expect(others.status).toBe(404);
    } finally {
      await restarted.close();
    }
  });

  it('running the sweep twice, even at the same time, creates one notification per person and one breach', async () => {
    const worker = await startWorker();
    try {
      const sweep = worker.get(SlaSweepService);
      await worker.get(SweepSchedulerService).startRunsFinished(); // the run at start must not take our clock
      const { contact } = await createContact(api.app.get(DataSource), {});
      const clockId = await pastDueClock(null, contact.id);
      // Three at once, then one more: the clock is breached once (the scheduled sweep job of this worker
      // may have been first), whatever other tests' clocks in the same database the sweeps also take.
      await Promise.all([sweep.sweepOnce(), sweep.sweepOnce(), sweep.sweepOnce()]);
      await sweep.sweepOnce();
      const audits = await withDb((db) => db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'sla_clock.breached' AND entity_id = $1`, [clockId]));
      expect(audits.rows[0].n).toBe(1);
      expect((await notificationsFor(clockId)).map((n) => n.user_id)).toEqual((await managers()).sort());
    } finally {
      await worker.close();
    }
  });

  it('a full batch of breaches in a hub with a hundred managers notifies every one of them (more notices than a statement has parameters)', async () => {
    const extra = Array.from({ length: 100 }, () => randomUUID());
    await withDb((db) =>
      db.query(
        `INSERT INTO app_user (id, email, name, role, agency_id)
         SELECT u, 'manager-' || u || '@sweep.localhost', 'Manager', 'mash_manager', (SELECT id FROM agency LIMIT 1) FROM unnest($1::uuid[]) AS u`,
        [extra],
      ),
    );
    try {
      const { contact } = await createContact(api.app.get(DataSource), {});
      // 500 clocks, one sweep batch: at least 500 x 100 notices, 200,000 values.
      const clockIds: string[] = await withDb(async (db) =>
        (
          await db.query(
            `INSERT INTO sla_clock (kind, target_type, target_id, contact_id, started_at, due_at, duration)
             SELECT 'decision_due', 'contact', gen_random_uuid(), $1, now() - interval '5 hours', now() - interval '1 hour', '{"aroundTheClock": true, "hours": 4}'
               FROM generate_series(1, 500) RETURNING id`,
            [contact.id],
          )
        ).rows.map((r) => r.id as string),
      );
      const worker = await startWorker();
      try {
        await worker.get(SweepSchedulerService).startRunsFinished();
        await worker.get(SlaSweepService).sweepOnce();
      } finally {
        await worker.close();
      }
      const counts = await withDb(async (db) =>
        (
          await db.query(
            `SELECT count(*) FILTER (WHERE k.breached_at IS NOT NULL)::int AS breached,
                    (SELECT count(*)::int FROM notification n WHERE n.clock_id = ANY($1) AND n.user_id = ANY($2)) AS notices
               FROM sla_clock k WHERE k.id = ANY($1)`,
            [clockIds, extra],
          )
        ).rows[0],
      );
      expect(counts).toEqual({ breached: 500, notices: 500 * 100 });
    } finally {
      // Later sweeps in this database need not notify them.
      await withDb((db) => db.query('UPDATE app_user SET active = false WHERE id = ANY($1)', [extra]));
    }
  });

  it('met and cancelled clocks are never breached; clocks can be met late', async () => {
    const worker = await startWorker();
    try {
      const ds = worker.get(DataSource);
      const clocks = worker.get(SlaClockService);
      const { contact } = await createContact(ds, {});
      const ids = { met: randomUUID(), cancelled: randomUUID() };
      await ds.transaction(async (em) => {
        for (const targetId of Object.values(ids)) {
          await clocks.start(em, { kind: 'challenge_response', targetType: 'challenge', targetId, contactId: contact.id, dueAt: new Date(Date.now() - 60_000) });
        }
        // Starting the same clock again returns the running one.
        const again = await clocks.start(em, { kind: 'challenge_response', targetType: 'challenge', targetId: ids.met, contactId: contact.id });
        expect(again.dueAt.getTime()).toBeLessThan(Date.now());
        await clocks.meet(em, { kind: 'challenge_response', targetType: 'challenge', targetId: ids.met });
        await clocks.cancel(em, { kind: 'challenge_response', targetType: 'challenge', targetId: ids.cancelled }, 'challenge withdrawn');
      });
      await worker.get(SlaSweepService).sweepOnce();
      const rows = await withDb(async (db) => (await db.query('SELECT target_id, met_at, breached_at, cancelled_at FROM sla_clock WHERE target_id = ANY($1)', [Object.values(ids)])).rows);
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(r.breached_at).toBeNull();
      expect(rows.find((r) => r.target_id === ids.met).met_at).not.toBeNull();
      expect(rows.find((r) => r.target_id === ids.cancelled).cancelled_at).not.toBeNull();
    } finally {
      await worker.close();
    }
  });

  it('a clock of every RAG-5 kind can be started from config/sla.yaml (decision_due takes the grade deadline)', async () => {
    const worker = await startWorker();
    try {
      const ds = worker.get(DataSource);
      const clocks = worker.get(SlaClockService);
      const start = new Date('2026-12-01T10:00:00Z'); // a Tuesday, GMT
      expect(clocks.computeDueAt('feedback_due', start).toISOString()).toBe('2026-12-02T10:00:00.000Z');
      expect(clocks.computeDueAt('police_strategy_request_answered', start).toISOString()).toBe('2026-12-01T14:00:00.000Z');
      expect(clocks.computeDueAt('icpc_due', start).toISOString()).toBe('2026-12-22T10:00:00.000Z');
      expect(() => clocks.computeDueAt('decision_due', start)).toThrow(/byGrade/);
      await ds.transaction(async (em) => {
        const clock = await clocks.start(em, { kind: 'step_down_acceptance', targetType: 'step_down', targetId: randomUUID() });
        expect(clock.dueAt.getTime()).toBeGreaterThan(Date.now());
        expect(clock.duration).toEqual({ aroundTheClock: false, workingDays: 5 });
      });
    } finally {
      await worker.close();
    }
  });
});
