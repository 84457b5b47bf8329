import type { Client } from 'pg';
import { Client as PgClient, DatabaseError } from 'pg';
import { londonYear } from '../../src/common/london-date';
import { ContactIntakeRepository } from '../../src/modules/contacts/persistence/contact-intake.repository';
import { ReferenceSequences } from '../../src/modules/contacts/persistence/reference-sequence.repository';
import { withDb } from '../utils/db';
import { startApi, TestApi, waitFor } from '../utils/test-app';
import { TEST_DATABASE_URL } from '../utils/test-env';
import { familyContact, simpleContact } from '../factories/contact-bodies';

/**
 * Intake in turns (ContactIntakeRepository): contacts that arrive while one is being written go
 * together in the next transaction, and each is answered as if it had been written alone.
 */
describe('Contact intake in turns', () => {
  let api: TestApi;
  let token: string;
  let inserts: jest.SpyInstance;
  beforeAll(async () => {
    api = await startApi();
    token = `Bearer ${await api.tokenFor('referrer')}`;
    inserts = jest.spyOn(api.app.get(ContactIntakeRepository), 'insert');
  });
  afterAll(() => api.close());

  /** A session holding a lock that every contact insert waits for, until `release`. */
  async function holdIntake(): Promise<{ release: () => Promise<void> }> {
    const holder: Client = new PgClient({ connectionString: TEST_DATABASE_URL });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE contact IN SHARE MODE');
    return {
      release: async () => {
        await holder.query('COMMIT');
        await holder.end();
      },
    };
  }

  /** Sent at once (a supertest request is sent when its result is asked for). */
  const post = (body: object) => api.http.post('/api/v1/contacts').set('Authorization', token).send(body).then((r) => r);
  const waitingOnTheLock = () =>
    waitFor(() => withDb(async (db) => (await db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO contact %'`)).rowCount), 10_000, 'an intake insert waiting on the lock');
  /** Until `n` inserts have been asked since `before`: each is then waiting for its turn. */
  const asked = (before: number, n: number) => waitFor(async () => inserts.mock.calls.length >= before + n, 10_000, `${n} inserts asked`);
  const transactionsOf = (ids: string[]) =>
    withDb(async (db) => (await db.query(`SELECT id, xmin::text AS tx, reference FROM contact WHERE id = ANY($1::uuid[])`, [ids])).rows as { id: string; tx: string; reference: string }[]);

  /** Runs `arrange` with intake held, and lets it go however `arrange` ends (a held table would block every later test file). */
  async function whileHeld<T>(arrange: () => Promise<T>): Promise<T> {
    const hold = await holdIntake();
    try {
      return await arrange();
    } finally {
      await hold.release();
    }
  }

  it('writes the contacts that arrive while one commits in one transaction, each answered 201 with its own reference and outbox rows', async () => {
    const before = inserts.mock.calls.length;
    const [first, sent] = await whileHeld(async () => {
      const held = post(familyContact());
      await waitingOnTheLock();
      const waiting = Array.from({ length: 5 }, (_, i) => post(i % 2 ? familyContact() : simpleContact()));
      await asked(before, 6);
      return [held, waiting] as const;
    });
    const [one, ...rest] = await Promise.all([first, ...sent]);
    expect([one, ...rest].map((r) => r.status)).toEqual(Array(6).fill(201));
    const rows = await transactionsOf([one.body.id, ...rest.map((r) => r.body.id)]);
    expect(rows).toHaveLength(6);
    const txOf = new Map(rows.map((r) => [r.id, r.tx]));
    expect(new Set(rest.map((r) => txOf.get(r.body.id))).size).toBe(1);
    expect(txOf.get(one.body.id)).not.toBe(txOf.get(rest[0].body.id));
    expect(new Set(rows.map((r) => r.reference)).size).toBe(6);
    for (const r of [one, ...rest]) expect(rows.find((row) => row.id === r.body.id)!.reference).toBe(r.body.reference);
    await withDb(async (db) => {
      const outbox = await db.query(`SELECT payload->>'contactId' AS id, job_name FROM outbox WHERE payload->>'contactId' = ANY($1::text[])`, [rows.map((r) => r.id)]);
      for (const r of rows) expect(outbox.rows.filter((o) => o.id === r.id).map((o) => o.job_name).sort()).toEqual(['acknowledge', 'contact.received']);
    });
  });

  it('a turn stopped by something that is not one contact\'s fault (a cancelled statement) fails all its contacts, each once, and none is written', async () => {
    const before = inserts.mock.calls.length;
    const cancelWaiting = () =>
      waitFor(
        () => withDb(async (db) => (await db.query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO contact %'`)).rowCount),
        10_000,
        'an intake insert to cancel',
      );
    const bodies = [simpleContact(), simpleContact(), familyContact(), simpleContact()];
    const { first, turn } = await whileHeld(async () => {
      const held = post(bodies[0]);
      await waitingOnTheLock();
      const waiting = bodies.slice(1).map(post);
      await asked(before, 4);
      await cancelWaiting(); // the first turn, the held contact alone
      expect((await held).status).toBe(500);
      await cancelWaiting(); // the next turn, the three that waited together
      return { first: held, turn: waiting };
    });
    expect((await first).status).toBe(500);
    // Done again one by one, they would each have waited for the lock and been written once it went.
    expect((await Promise.all(turn)).map((r) => r.status)).toEqual([500, 500, 500]);
    expect(inserts.mock.calls.length).toBe(before + 4);
    await withDb(async (db) => {
      const names = bodies.flatMap((b) => b.subjects.map((c: { firstName?: string }) => c.firstName).filter(Boolean));
      const stored = await db.query(`SELECT count(*)::int AS n FROM contact_subject WHERE first_name = ANY($1::text[])`, [names]);
      expect(stored.rows[0].n).toBe(0);
    });
  });

  it('a contact the database refuses fails alone: the others of its turn, before and after it, are written once each, on their own', async () => {
    const repository = api.app.get(ContactIntakeRepository);
    const year = londonYear(new Date());
    const sequence = await api.app.get(ReferenceSequences).ensure(year);
    const before = inserts.mock.calls.length;
    const { first, good, refused, last } = await whileHeld(async () => {
      const held = post(simpleContact());
      await waitingOnTheLock();
      const earlier = [post(simpleContact()), post(familyContact())];
      await asked(before, 3); // the refused contact comes third in the turn: the two before it are written, then rolled back
      const bad = repository.insert(year, sequence, { contact: { id: 'not-a-uuid' } }).then(
        () => 'stored',
        (error: unknown) => error,
      );
      const after = post(simpleContact());
      await asked(before, 5);
      return { first: held, good: earlier, refused: bad, last: after };
    });
    const answers = await Promise.all([first, ...good, last]);
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const error = await refused;
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('22P02'); // invalid input syntax for type uuid
    const rows = await transactionsOf(answers.map((r) => r.body.id));
    expect(rows).toHaveLength(4);
    // The turn of four was rolled back and each done again alone: the three after the first each in a transaction of its own.
    expect(new Set(rows.map((r) => r.tx)).size).toBe(4);
    await withDb(async (db) => {
      const counts = await db.query(`SELECT count(*)::int AS n FROM contact WHERE request_hash IN (SELECT request_hash FROM contact WHERE id = ANY($1::uuid[]))`, [rows.map((r) => r.id)]);
      expect(counts.rows[0].n).toBe(4);
    });
  });
});
