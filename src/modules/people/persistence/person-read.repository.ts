import type { EntityManager } from 'typeorm';

type Db = Pick<EntityManager, 'query'>;

export interface PersonSummaryRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  sex: string;
  postcode: string | null;
  kind: string;
}

/**
 * Reads of one person's record (SPEC PPL-1, PPL-2): the summary, names, addresses and relationships
 * over time, and the candidates waiting for a worker.
 */
export const personRecords = {
  summaries(em: Db, ids: string[]): Promise<PersonSummaryRow[]> {
    return em.query('SELECT id, first_name AS "firstName", last_name AS "lastName", date_of_birth::text AS "dateOfBirth", sex, postcode, kind FROM person WHERE id = ANY($1::uuid[])', [ids]);
  },

  async person(em: Db, personId: string): Promise<Record<string, unknown> & { id: string; firstName: string | null; lastName: string | null } | undefined> {
    const [row] = await em.query(
      `SELECT id, kind, first_name AS "firstName", last_name AS "lastName", date_of_birth::text AS "dateOfBirth", expected_delivery_date::text AS "expectedDeliveryDate",
         sex, nhs_number AS "nhsNumber", postcode, merged_into_id AS "mergedIntoId", created_at AS "createdAt", updated_at AS "updatedAt"
       FROM person WHERE id = $1`,
      [personId],
    );
    return row;
  },

  /** One row per name, however many contacts gave it. */
  names(em: Db, personId: string): Promise<{ kind: string; firstName: string | null; lastName: string | null; firstSeenAt: Date; lastSeenAt: Date; contacts: number }[]> {
    return em.query(
      `SELECT kind, first_name AS "firstName", last_name AS "lastName", min(observed_at) AS "firstSeenAt", max(observed_at) AS "lastSeenAt", count(contact_id)::int AS contacts
       FROM person_name WHERE person_id = $1 GROUP BY kind, first_name, last_name ORDER BY max(observed_at) DESC`,
      [personId],
    );
  },

  /** Address history: each address once, from when it was first to when it was last recorded. */
  addresses(em: Db, personId: string): Promise<Record<string, unknown>[]> {
    return em.query(
      `SELECT line1, line2, town, postcode, address_type AS "addressType", min(coalesce(from_date, observed_at::date))::text AS "fromDate",
         max(to_date)::text AS "toDate", min(observed_at) AS "firstSeenAt", max(observed_at) AS "lastSeenAt", count(contact_id)::int AS contacts
       FROM person_address WHERE person_id = $1 GROUP BY line1, line2, town, postcode, address_type ORDER BY max(observed_at) DESC`,
      [personId],
    );
  },

  /**
   * Each relationship once, from its first start; ended only when every contact's statement of it
   * has ended (a household change, PPL-2), at the latest end.
   */
  relationships(em: Db, personId: string): Promise<Record<string, unknown>[]> {
    return em.query(
      `SELECT r.related_person_id AS "personId", r.relationship, p.first_name AS "firstName", p.last_name AS "lastName",
         (array_agg(r.parental_responsibility ORDER BY r.valid_from DESC))[1] AS "parentalResponsibility",
         (array_agg(r.resident ORDER BY r.valid_from DESC))[1] AS resident,
         min(r.valid_from) AS "from", CASE WHEN bool_or(r.valid_to IS NULL) THEN NULL ELSE max(r.valid_to) END AS "to", count(*)::int AS contacts,
         (array_agg(r.source_contact_id ORDER BY r.valid_from DESC))[1] AS "lastContactId"
       FROM person_relationship r JOIN person p ON p.id = r.related_person_id
       WHERE r.person_id = $1 GROUP BY r.related_person_id, r.relationship, p.first_name, p.last_name ORDER BY min(r.valid_from)`,
      [personId],
    );
  },

  async pendingCandidates(em: Db, personId: string): Promise<number> {
    const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM person_match_candidate WHERE person_id = $1 AND status = 'pending'`, [personId]);
    return n;
  },
};
