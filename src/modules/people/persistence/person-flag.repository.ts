import type { EntityManager } from 'typeorm';
import type { PersonFlagKind } from '../domain/people-vocabulary';

export interface PersonFlagView {
  id: string;
  kind: PersonFlagKind;
  note: string | null;
  sourceKind: string;
  recordedAt: Date;
  endedAt: Date | null;
}

/** Standing flags on a person (person_flag): recorded by a worker or copied from a contact's known risks. */
export const personFlags = {
  async insertManual(em: EntityManager, f: { personId: string; kind: PersonFlagKind; note: string | null; at: Date; userId: string | null }): Promise<PersonFlagView> {
    const [row] = await em.query(
      `INSERT INTO person_flag (person_id, kind, note, source_kind, recorded_at, recorded_by_user_id) VALUES ($1, $2, $3, 'manual', $4, $5)
       RETURNING id, kind, note, source_kind AS "sourceKind", recorded_at AS "recordedAt", ended_at AS "endedAt"`,
      [f.personId, f.kind, f.note, f.at, f.userId],
    );
    return row;
  },

  async lock(em: EntityManager, flagId: string, personId: string): Promise<{ id: string; kind: PersonFlagKind; ended_at: Date | null } | undefined> {
    const [row] = await em.query('SELECT id, kind, ended_at FROM person_flag WHERE id = $1 AND person_id = $2 FOR UPDATE', [flagId, personId]);
    return row;
  },

  async end(em: EntityManager, flagId: string, at: Date, userId: string | null): Promise<void> {
    await em.query('UPDATE person_flag SET ended_at = $2, ended_by_user_id = $3 WHERE id = $1', [flagId, at, userId]);
  },

  ofPerson(em: Pick<EntityManager, 'query'>, personId: string): Promise<PersonFlagView[]> {
    return em.query(
      `SELECT id, kind, note, source_kind AS "sourceKind", contact_id AS "contactId", recorded_at AS "recordedAt", ended_at AS "endedAt"
       FROM person_flag WHERE person_id = $1 ORDER BY recorded_at DESC`,
      [personId],
    );
  },
};
