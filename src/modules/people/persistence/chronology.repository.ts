import type { EntityManager } from 'typeorm';

type Db = Pick<EntityManager, 'query'>;

export type ContactEventRow = { id: string; reference: string; received_at: Date; channel: string; urgency: string | null; referrer_type: string; anonymous: boolean; agency_name: string | null; person_id: string; incident_date: string | null; categories: string[] };

export type DecisionEventRow = { id: string; contact_id: string; reference: string; outcome: string; threshold_level: number; status: string; decided_at: Date; created_at: Date; person_id: string; agency_name: string | null };

export type StatusEventRow = { id: string; person_id: string; from_level: string | null; to_level: string; effective_at: Date; created_at: Date; category_of_abuse: string | null; source: string; reference: string | null; agency_name: string | null };

export interface GradeEventRow { id: string; contact_id: string; reference: string; person_id: string; kind: string; from_grade: string | null; to_grade: string; criterion: string | null; created_at: Date; agency_name: string | null }

export interface CheckEventRow {
  id: string; contact_id: string; reference: string; person_id: string; agency_type: string; check_type: string; status: string;
  requested_at: Date; responded_at: Date | null; waived_at: Date | null; requester_agency: string | null; responder_agency: string | null; target_agency: string | null;
}

export interface FeedbackEventRow { id: string; contact_id: string; reference: string; person_id: string; kind: string; audience: string; sent_at: Date; recipient_agency: string | null }

export interface ChallengeEventRow {
  id: string; challenge_id: string; contact_id: string | null; reference: string | null; person_id: string; target_type: string; kind: string; stage_key: string | null;
  at: Date; outcome: string | null; challenger_agency: string | null; actor_agency: string | null;
}

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

  /** Every grade given or changed for the persons (triage: provisional, confirmed, raised, lowering requested / approved / rejected). */
  grades(em: Db, personIds: string[], until: Date): Promise<GradeEventRow[]> {
    return em.query(
      `SELECT x.id, x.contact_id, c.reference, s.person_id, x.kind, x.from_grade, x.to_grade, x.criterion, x.created_at, a.name AS agency_name
       FROM contact_subject s
       JOIN subject_grade_change x ON x.subject_id = s.id
       JOIN contact c ON c.id = x.contact_id
       LEFT JOIN app_user u ON u.id = x.by_user_id
       LEFT JOIN agency a ON a.id = u.agency_id
       WHERE s.person_id = ANY($1::uuid[]) AND x.created_at <= $2`,
      [personIds, until],
    );
  },

  /** Agency checks about the persons (checks): requested, and answered or waived. */
  checks(em: Db, personIds: string[], until: Date): Promise<CheckEventRow[]> {
    return em.query(
      `SELECT k.id, k.contact_id, c.reference, p.person_id, k.agency_type, k.check_type, k.status, k.requested_at, k.responded_at, k.waived_at,
         ra.name AS requester_agency, rb.name AS responder_agency, t.name AS target_agency
       FROM contact_subject p
       JOIN agency_check k ON k.contact_id = p.contact_id AND p.id = ANY(k.subject_ids)
       JOIN contact c ON c.id = k.contact_id
       LEFT JOIN app_user u ON u.id = k.requested_by_user_id
       LEFT JOIN agency ra ON ra.id = u.agency_id
       LEFT JOIN agency rb ON rb.id = k.responded_by_agency_id
       LEFT JOIN agency t ON t.id = k.agency_id
       WHERE p.person_id = ANY($1::uuid[]) AND k.requested_at <= $2`,
      [personIds, until],
    );
  },

  /** Feedback sent about the persons' contacts (feedback; when it was sent is its e-mail's, in outbound_message): one row per person the feedback concerns. */
  feedback(em: Db, personIds: string[], until: Date): Promise<FeedbackEventRow[]> {
    return em.query(
      `SELECT DISTINCT ON (f.id, s.person_id) f.id, f.contact_id, c.reference, s.person_id, f.kind, f.audience, m.sent_at, a.name AS recipient_agency
       FROM contact_subject s
       JOIN feedback f ON f.contact_id = s.contact_id AND (f.subject_id IS NULL OR f.subject_id = s.id)
       JOIN outbound_message m ON m.about_type = 'feedback' AND m.about_id = f.id
       JOIN contact c ON c.id = f.contact_id
       LEFT JOIN agency a ON a.id = f.recipient_agency_id
       WHERE s.person_id = ANY($1::uuid[]) AND m.sent_at IS NOT NULL AND m.sent_at <= $2`,
      [personIds, until],
    );
  },

  /** Challenges about the persons (challenges): raised, escalated, answered. */
  challenges(em: Db, personIds: string[], until: Date): Promise<ChallengeEventRow[]> {
    return em.query(
      `SELECT DISTINCT ON (e.id, s.person_id) e.id, ch.id AS challenge_id, ch.contact_id, c.reference, s.person_id, ch.target_type, e.kind, e.stage_key, e.at, ch.outcome,
         ca.name AS challenger_agency, aa.name AS actor_agency
       FROM contact_subject s
       JOIN challenge ch ON ch.contact_id = s.contact_id AND (ch.subject_id IS NULL OR ch.subject_id = s.id)
       JOIN challenge_event e ON e.challenge_id = ch.id
       LEFT JOIN contact c ON c.id = ch.contact_id
       LEFT JOIN agency ca ON ca.id = ch.challenger_agency_id
       LEFT JOIN app_user u ON u.id = e.by_user_id
       LEFT JOIN agency aa ON aa.id = u.agency_id
       WHERE s.person_id = ANY($1::uuid[]) AND e.at <= $2`,
      [personIds, until],
    );
  },
};
