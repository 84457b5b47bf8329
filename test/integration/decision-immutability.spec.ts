import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { withDb } from '../utils/db';

/**
 * DEC-5 at the database level, with rows inserted directly: a signed-off (final or superseded)
 * threshold decision is read-only; the only change allowed is final -> superseded, once, linking the
 * new decision. And one current decision per child (partial unique indexes).
 */
describe('threshold_decision is read-only once signed off (SPEC DEC-5)', () => {
  const insert = (db: Client, row: { id?: string; subjectId: string; status: string; supersedesId?: string | null }) =>
    db.query(
      `INSERT INTO threshold_decision (id, contact_id, subject_id, outcome, threshold_level, status, rationale, decided_by_user_id, decided_at, framework_version, supersedes_id)
       VALUES ($1, $2, $3, 'early_help', 2, $4, 'Needs met by early help', $5, now(), 'test', $6) RETURNING id`,
      [row.id ?? randomUUID(), randomUUID(), row.subjectId, row.status, randomUUID(), row.supersedesId ?? null],
    ).then((r) => r.rows[0].id as string);
  const statusOf = async (db: Client, id: string) => (await db.query('SELECT status, superseded_by_id, outcome FROM threshold_decision WHERE id = $1', [id])).rows[0];

  it('an SQL UPDATE of a final decision fails, whatever the column', async () => {
    await withDb(async (db) => {
      const id = await insert(db, { subjectId: randomUUID(), status: 'final' });
      for (const change of [`outcome = 'nfa'`, `rationale = 'edited'`, `status = 'pending_approval'`, `status = 'returned'`, `superseded_by_id = '${randomUUID()}'`]) {
        await expect(db.query(`UPDATE threshold_decision SET ${change} WHERE id = $1`, [id])).rejects.toThrow(/read-only \(SPEC DEC-5\)/);
      }
      await expect(db.query('DELETE FROM threshold_decision WHERE id = $1', [id])).rejects.toThrow(/read-only/);
      expect(await statusOf(db, id)).toMatchObject({ status: 'final', outcome: 'early_help', superseded_by_id: null });
    });
  });

  it('final -> superseded linking the new decision is allowed, once; it may not change anything else; a superseded row is then frozen', async () => {
    await withDb(async (db) => {
      const subjectId = randomUUID();
      const oldId = await insert(db, { subjectId, status: 'final' });
      const newId = randomUUID();
      await expect(db.query(`UPDATE threshold_decision SET status = 'superseded' WHERE id = $1`, [oldId])).rejects.toThrow(/read-only/);
      await expect(db.query(`UPDATE threshold_decision SET status = 'superseded', superseded_by_id = $2, outcome = 'nfa' WHERE id = $1`, [oldId, newId])).rejects.toThrow(/read-only/);

      await db.query(`UPDATE threshold_decision SET status = 'superseded', superseded_by_id = $2, superseded_at = now() WHERE id = $1`, [oldId, newId]);
      await insert(db, { id: newId, subjectId, status: 'final', supersedesId: oldId });
      expect(await statusOf(db, oldId)).toMatchObject({ status: 'superseded', superseded_by_id: newId });

      await expect(db.query(`UPDATE threshold_decision SET superseded_by_id = $2 WHERE id = $1`, [oldId, randomUUID()])).rejects.toThrow(/superseded and read-only/);
      await expect(db.query(`UPDATE threshold_decision SET status = 'final' WHERE id = $1`, [oldId])).rejects.toThrow(/superseded and read-only/);
      await expect(db.query('DELETE FROM threshold_decision WHERE id = $1', [oldId])).rejects.toThrow(/read-only/);
    });
  });

  it('a pending decision may still become final or be returned; TRUNCATE is refused', async () => {
    await withDb(async (db) => {
      const pending = await insert(db, { subjectId: randomUUID(), status: 'pending_approval' });
      await db.query(`UPDATE threshold_decision SET status = 'final', final_at = now() WHERE id = $1`, [pending]);
      expect((await statusOf(db, pending)).status).toBe('final');
      const returned = await insert(db, { subjectId: randomUUID(), status: 'pending_approval' });
      await db.query(`UPDATE threshold_decision SET status = 'returned' WHERE id = $1`, [returned]);
      await expect(db.query('TRUNCATE threshold_decision')).rejects.toThrow(/TRUNCATE refused/);
    });
  });

  it('a child has at most one current decision; a pending successor of the final one may wait beside it', async () => {
    await withDb(async (db) => {
      const subjectId = randomUUID();
      const finalId = await insert(db, { subjectId, status: 'final' });
      await expect(insert(db, { subjectId, status: 'final' })).rejects.toThrow(/uq_threshold_decision_current/);
      await expect(insert(db, { subjectId, status: 'pending_approval' })).rejects.toThrow(/uq_threshold_decision_current/);
      await insert(db, { subjectId, status: 'pending_approval', supersedesId: finalId });
      await expect(insert(db, { subjectId, status: 'pending_approval', supersedesId: finalId })).rejects.toThrow(/uq_threshold_decision_successor/);
      await insert(db, { subjectId, status: 'returned' });

      const other = randomUUID();
      await insert(db, { subjectId: other, status: 'pending_approval' });
      await expect(insert(db, { subjectId: other, status: 'final' })).rejects.toThrow(/uq_threshold_decision_current/);
    });
  });
});
