import type { EntityManager } from 'typeorm';

export interface MatchCandidateView {
  id: string;
  sourceKind: string;
  sourceId: string;
  personId: string;
  score: number;
  features: unknown;
  status: string;
  createdAt: Date;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  postcode: string | null;
}

/** Reads of the matcher's candidates. */
export const matchCandidates = {
  /** A contact's candidates with the person each names: subjects first, best score first. */
  ofContact: (em: EntityManager, contactId: string): Promise<MatchCandidateView[]> =>
    em.query(
      `SELECT c.id, c.source_kind AS "sourceKind", c.source_id AS "sourceId", c.person_id AS "personId", c.score, c.features, c.status, c.created_at AS "createdAt",
         p.first_name AS "firstName", p.last_name AS "lastName", p.date_of_birth::text AS "dateOfBirth", p.sex, p.postcode
       FROM person_match_candidate c JOIN person p ON p.id = c.person_id WHERE c.contact_id = $1
       ORDER BY c.source_kind DESC, c.source_id, c.score DESC`,
      [contactId],
    ),
};
