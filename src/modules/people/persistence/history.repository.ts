import type { EntityManager } from 'typeorm';

export interface HistoryRow {
  contactId: string;
  reference: string;
  receivedAt: Date;
  /** received_at at full precision, for the cursor */
  cursorAt: string;
  channel: string;
  status: string;
  referrerType: string;
  anonymous: boolean;
  agencyName: string | null;
  agencyType: string | null;
  involved: { personId: string; role: 'subject' | 'household'; relationship: string | null }[];
  concernCategories: string[];
  decisions: { decisionId: string; subjectId: string; personId: string | null; outcome: string; thresholdLevel: number; status: string; decidedAt: string }[];
}

/**
 * One page of contacts involving any of `personIds` as a subject or a household member, newest first
 * (SPEC PPL-3), with each contact's concern categories, decisions and source agency. Keyset pagination
 * on (received_at, id); every lookup is by an indexed person or contact id.
 */
export async function loadHistoryPage(em: Pick<EntityManager, 'query'>, personIds: string[], limit: number, before: { receivedAt: string; id: string } | null): Promise<HistoryRow[]> {
  return em.query(
    `WITH hits AS (
       SELECT s.contact_id, s.person_id, 'subject' AS role, NULL::text AS relationship FROM contact_subject s WHERE s.person_id = ANY($1::uuid[])
       UNION ALL
       SELECT h.contact_id, h.person_id, 'household', h.relationship FROM contact_household_member h WHERE h.person_id = ANY($1::uuid[])
     ),
     page AS (
       SELECT c.id, c.reference, c.received_at, c.channel, c.status, c.referrer_type, c.anonymous, c.submitted_by_agency_id
       FROM contact c
       WHERE c.id IN (SELECT contact_id FROM hits)
         AND ($3::timestamptz IS NULL OR (c.received_at, c.id) < ($3::timestamptz, $4::uuid))
       ORDER BY c.received_at DESC, c.id DESC
       LIMIT $2
     ),
     involved AS (
       SELECT h.contact_id, jsonb_agg(DISTINCT jsonb_build_object('personId', h.person_id, 'role', h.role, 'relationship', h.relationship)) AS involved
       FROM hits h WHERE h.contact_id IN (SELECT id FROM page) GROUP BY h.contact_id
     )
     SELECT p.id AS "contactId", p.reference, p.received_at AS "receivedAt", p.received_at::text AS "cursorAt", p.channel, p.status, p.referrer_type AS "referrerType", p.anonymous,
       a.name AS "agencyName", a.type AS "agencyType",
       i.involved,
       ARRAY(SELECT DISTINCT cc.category FROM contact_concern cc WHERE cc.contact_id = p.id ORDER BY 1) AS "concernCategories",
       (SELECT coalesce(jsonb_agg(jsonb_build_object('decisionId', d.id, 'subjectId', d.subject_id, 'personId', s.person_id, 'outcome', d.outcome,
                 'thresholdLevel', d.threshold_level, 'status', d.status, 'decidedAt', d.decided_at) ORDER BY d.decided_at), '[]')
          FROM threshold_decision d JOIN contact_subject s ON s.id = d.subject_id WHERE d.contact_id = p.id) AS decisions
     FROM page p LEFT JOIN agency a ON a.id = p.submitted_by_agency_id LEFT JOIN involved i ON i.contact_id = p.id
     ORDER BY p.received_at DESC, p.id DESC`,
    [personIds, limit, before?.receivedAt ?? null, before?.id ?? null],
  );
}

export interface FamilyPersonRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  kind: string;
  transitions: { id: string; fromLevel: string | null; toLevel: string; effectiveAt: string; categoryOfAbuse: string | null }[];
}

/** Names, dates of birth and status transitions of the family members shown with a history. */
export async function loadFamilyPeople(em: Pick<EntityManager, 'query'>, ids: string[]): Promise<FamilyPersonRow[]> {
  return em.query(
    `SELECT p.id, p.first_name AS "firstName", p.last_name AS "lastName", p.date_of_birth::text AS "dateOfBirth", p.kind,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'fromLevel', t.from_level, 'toLevel', t.to_level, 'effectiveAt', t.effective_at, 'categoryOfAbuse', t.category_of_abuse)), '[]')
          FROM child_status_transition t WHERE t.person_id = p.id OR t.person_id IN (SELECT m.id FROM person m WHERE m.merged_into_id = p.id)) AS transitions
     FROM person p WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
}
