import { randomUUID } from 'node:crypto';
import { simpleContact, tag } from '../factories/contact-bodies';
import { waitFor } from '../utils/test-app';
import { faultHarness, startServices } from './support/fault-harness';
import { call, login } from './support/http';
import { startWorker, uniquePrefix } from './support/processes';

/**
 * SPEC REL-5: clocks are recovered from the database after a restart. With no worker running,
 * clocks fall due (rows in sla_clock with due times in the past, as SlaClockService writes them);
 * two workers then start at once: each overdue clock is breached exactly once (one breach audit event,
 * one notification per recipient), clocks not yet due or already met are left alone, and a later
 * restart breaches nothing again.
 */
describe('REL-5: clocks due during a worker outage', () => {
  const harness = faultHarness();

  const insertClock = async (contactId: string, dueInMinutes: number, met = false): Promise<string> => {
    const { rows } = await harness.db.query(
      `INSERT INTO sla_clock (kind, target_type, target_id, contact_id, started_at, due_at, met_at)
       VALUES ('decision_due', 'fault_test', $1, $2, now() - interval '2 days', now() + make_interval(mins => $3), CASE WHEN $4 THEN now() - interval '1 hour' END)
       RETURNING id`,
      [randomUUID(), contactId, dueInMinutes, met],
    );
    return rows[0].id;
  };
  const breachEvents = async (ids: string[]) =>
    (await harness.db.query(`SELECT entity_id::text AS id, count(*)::int AS n FROM audit_event WHERE action = 'sla_clock.breached' AND entity_id = ANY($1::text[]) GROUP BY entity_id`, [ids])).rows as { id: string; n: number }[];

  it('overdue clocks are breached once after the restart, by two racing workers, and never again', async () => {
    const { db } = harness;
    const { port, env, api } = await startServices(harness.smtp, { queuePrefix: uniquePrefix('clocks'), worker: false });
    const token = await login(port, 'referrer');
    const contact = await call(port, 'POST', '/api/v1/contacts', { token, body: simpleContact(tag()) });
    expect(contact.status).toBe(201);
    const contactId = (contact.body as { id: string }).id;

    // The outage: no worker. Five clocks fall due, one is not due yet, one was met in time.
    const overdue: string[] = [];
    for (const minutes of [-90, -60, -30, -5, -1]) overdue.push(await insertClock(contactId, minutes));
    const notDue = await insertClock(contactId, 120);
    const met = await insertClock(contactId, -30, true);

    const workers = [startWorker(env), startWorker(env)];
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM sla_clock WHERE id = ANY($1::uuid[]) AND breached_at IS NOT NULL`, [overdue]);
      return rows[0].n === overdue.length;
    }, 30_000, 'the overdue clocks breached');
    const firstBreach = (await db.query(`SELECT id::text, breached_at FROM sla_clock WHERE id = ANY($1::uuid[]) ORDER BY id`, [overdue])).rows;
    for (const w of workers) w.signal('SIGTERM');
    await Promise.all(workers.map((w) => w.waitExit(10_000)));

    // Another restart: a clock that fell due meanwhile is breached (so a sweep ran), the old ones are not again.
    const later = await insertClock(contactId, -1);
    const again = startWorker(env);
    await waitFor(async () => (await breachEvents([later])).length === 1, 30_000, 'the sweep after the second restart');

    const events = await breachEvents([...overdue, later, notDue, met]);
    expect(events.map((e) => e.n)).toEqual(events.map(() => 1));
    expect(events.map((e) => e.id).sort()).toEqual([...overdue, later].sort());
    expect((await db.query(`SELECT id::text, breached_at FROM sla_clock WHERE id = ANY($1::uuid[]) ORDER BY id`, [overdue])).rows).toEqual(firstBreach);
    const untouched = await db.query(`SELECT count(*)::int AS n FROM sla_clock WHERE id = ANY($1::uuid[]) AND breached_at IS NOT NULL`, [[notDue, met]]);
    expect(untouched.rows[0].n).toBe(0);
    // One notification per recipient and clock (the managers), not one per worker.
    const perClock = await db.query(`SELECT clock_id, user_id, count(*)::int AS n FROM notification WHERE clock_id = ANY($1::uuid[]) GROUP BY clock_id, user_id`, [overdue]);
    expect(perClock.rows.length).toBeGreaterThanOrEqual(overdue.length);
    expect(perClock.rows.filter((r) => r.n !== 1)).toEqual([]);
    again.signal('SIGTERM');
    api.signal('SIGTERM');
  });
});
