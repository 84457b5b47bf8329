import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import type { MatchSourceKind } from '../domain/people-vocabulary';

export interface CandidateRow {
  source_kind: MatchSourceKind;
  source_id: string;
  contact_id: string;
  person_id: string;
  status: string;
}

export interface SourceState {
  source_id: string;
  status: string;
  method: string | null;
  pending: number;
}

/**
 * How each source stands in matching (person_match) and the candidates offered for it
 * (person_match_candidate). The read grading makes per batch of contacts is a named prepared statement.
 */
export const personMatches = {
  /**
   * How each source of these contacts already decided by the matcher or a worker stands, with its
   * pending candidates (grading: once per batch, before matching; nothing else decides them while
   * the contacts are locked).
   */
  sourceStates(em: EntityManager, contactIds: string[]): Promise<SourceState[]> {
    return preparedQuery(
      em,
      `SELECT m.source_id, m.status, m.method,
         (SELECT count(*)::int FROM person_match_candidate c WHERE c.source_kind = m.source_kind AND c.source_id = m.source_id AND c.status = 'pending') AS pending
       FROM person_match m WHERE m.contact_id = ANY($1::uuid[])`,
      [contactIds],
    );
  },

  async hasPendingCandidate(em: EntityManager, kind: MatchSourceKind, sourceId: string, personId: string): Promise<boolean> {
    const [row] = await em.query(`SELECT 1 FROM person_match_candidate WHERE source_kind = $1 AND source_id = $2 AND person_id = $3 AND status = 'pending'`, [kind, sourceId, personId]);
    return !!row;
  },

  /** On a link: the candidate for that person is confirmed, the others superseded. */
  async settleCandidates(em: EntityManager, kind: MatchSourceKind, sourceId: string, personId: string, at: Date, userId: string | null): Promise<void> {
    await em.query(
      `UPDATE person_match_candidate SET status = CASE WHEN person_id = $3 THEN 'confirmed' ELSE 'superseded' END, decided_at = $4, decided_by_user_id = $5
       WHERE source_kind = $1 AND source_id = $2 AND status = 'pending'`,
      [kind, sourceId, personId, at, userId],
    );
  },

  async candidate(em: EntityManager, id: string): Promise<CandidateRow | undefined> {
    const [row] = await em.query('SELECT source_kind, source_id, contact_id, person_id, status FROM person_match_candidate WHERE id = $1', [id]);
    return row;
  },

  /** Rejects a pending candidate; false when it was already decided. */
  async rejectCandidate(em: EntityManager, id: string, at: Date, userId: string | null): Promise<boolean> {
    // UPDATE answers [rows, affected count].
    const [, affected] = await em.query(`UPDATE person_match_candidate SET status = 'rejected', decided_at = $2, decided_by_user_id = $3 WHERE id = $1 AND status = 'pending'`, [id, at, userId]);
    return affected > 0;
  },

  async pendingFor(em: EntityManager, kind: MatchSourceKind, sourceId: string): Promise<number> {
    const [{ pending }] = await em.query(`SELECT count(*)::int AS pending FROM person_match_candidate WHERE source_kind = $1 AND source_id = $2 AND status = 'pending'`, [kind, sourceId]);
    return pending;
  },

  /** A source whose every candidate was rejected is unlinked: a retried job does not offer them again. */
  async markUnlinked(em: EntityManager, kind: MatchSourceKind, sourceId: string, at: Date, userId: string | null): Promise<void> {
    await em.query(`UPDATE person_match SET status = 'unlinked', decided_at = $3, decided_by_user_id = $4 WHERE source_kind = $1 AND source_id = $2 AND status = 'candidates'`, [kind, sourceId, at, userId]);
  },
};

/** Person rows read by the guards of a manual link (SPEC PPL-1). */
export const persons = {
  async forLink(em: EntityManager, personId: string): Promise<{ id: string; nhs_number: string | null; merged_into_id: string | null } | undefined> {
    const [row] = await em.query('SELECT id, nhs_number, merged_into_id FROM person WHERE id = $1', [personId]);
    return row;
  },

  async otherWithNhsNumber(em: EntityManager, nhs: string, personId: string): Promise<{ id: string } | undefined> {
    const [row] = await em.query('SELECT id FROM person WHERE nhs_number = $1 AND merged_into_id IS NULL AND id <> $2', [nhs, personId]);
    return row;
  },

  async onContact(em: EntityManager, contactId: string, personId: string): Promise<boolean> {
    const [row] = await em.query(
      `SELECT 1 FROM contact_subject WHERE contact_id = $1 AND person_id = $2 UNION ALL SELECT 1 FROM contact_household_member WHERE contact_id = $1 AND person_id = $2 LIMIT 1`,
      [contactId, personId],
    );
    return !!row;
  },

  async exists(em: EntityManager, personId: string): Promise<boolean> {
    const [row] = await em.query('SELECT id FROM person WHERE id = $1', [personId]);
    return !!row;
  },
};
