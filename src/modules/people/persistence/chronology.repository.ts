import type { EntityManager } from 'typeorm';

type Db = Pick<EntityManager, 'query'>;

export type ContactEventRow = { id: string; reference: string; received_at: Date; channel: string; urgency: string | null; referrer_type: string; anonymous: boolean; agency_name: string | null; person_id: string; incident_date: string | null; categories: string[] };

export type DecisionEventRow = { id: string; contact_id: string; reference: string; outcome: string; threshold_level: number; status: string; decided_at: Date; created_at: Date; person_id: string; agency_name: string | null };

export type StatusEventRow = { id: string; person_id: string; from_level: string | null; to_level: string; effective_at: Date; created_at: Date; category_of_abuse: string | null; source: string; reference: string | null; agency_name: string | null };

/**
 * The chronology's read queries (SPEC PPL-5): each module's records about a set of persons up to a
 * time, read-only. The chronology is a read model over other modules' records, like oversight's
 * reports; it never writes them.
 */
export const chronologyRecords = {
  contacts(em: Db, personIds: string[], until: Date): Promise<ContactEventRow[]> {
    return em.query(
      `WITH hits AS (
         SELECT s.contact_id, s.person_id, s.id AS subject_id FROM contact_subject s WHERE s.person_id = ANY($1::uuid[])
         UNION ALL
         SELECT h.contact_id, h.person_id, NULL::uuid FROM contact_household_member h WHERE h.person_id = ANY($1::uuid[])
       )
       SELECT DISTINCT ON (c.id) c.id, c.reference, c.received_at, c.channel, c.urgency, c.referrer_type, c.anonymous, a.name AS agency_name, hits.person_id,
         cc.incident_date, cc.categories
       FROM hits JOIN contact c ON c.id = hits.contact_id LEFT JOIN agency a ON a.id = c.submitted_by_agency_id
       -- The concerns about this person (all of them when the person is a household member).
       CROSS JOIN LATERAL (
         SELECT min(x.incident_date)::text AS incident_date, coalesce(array_agg(DISTINCT x.category ORDER BY x.category), '{}') AS categories
         FROM contact_concern x WHERE x.contact_id = c.id AND (hits.subject_id IS NULL OR x.subject_ids = '{}' OR hits.subject_id = ANY(x.subject_ids))
       ) cc
       WHERE c.received_at <= $2
       ORDER BY c.id, hits.subject_id NULLS LAST`,
      [personIds, until],
    );
  },

  decisions(em: Db, personIds: string[], until: Date): Promise<DecisionEventRow[]> {
    return em.query(
      `SELECT d.id, d.contact_id, c.reference, d.outcome, d.threshold_level, d.status, d.decided_at, d.created_at, coalesce(s.person_id, d.person_id) AS person_id, a.name AS agency_name
       FROM threshold_decision d
       JOIN contact_subject s ON s.id = d.subject_id
       JOIN contact c ON c.id = d.contact_id
       LEFT JOIN app_user u ON u.id = d.decided_by_user_id
       LEFT JOIN agency a ON a.id = u.agency_id
       WHERE (s.person_id = ANY($1::uuid[]) OR d.person_id = ANY($1::uuid[])) AND d.decided_at <= $2`,
      [personIds, until],
    );
  },

  statusTransitions(em: Db, personIds: string[], until: Date): Promise<StatusEventRow[]> {
    return em.query(
      `SELECT t.id, t.person_id, t.from_level, t.to_level, t.effective_at, t.created_at, t.category_of_abuse, t.source, t.reference, a.name AS agency_name
       FROM child_status_transition t
       LEFT JOIN app_user u ON u.id = t.decided_by_user_id
       LEFT JOIN agency a ON a.id = u.agency_id
       WHERE t.person_id = ANY($1::uuid[]) AND t.effective_at <= $2`,
      [personIds, until],
    );
  },

};
