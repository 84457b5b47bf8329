import type { EntityManager } from 'typeorm';
import {
  ALLEGATION_CATEGORIES, PREGNANCY_CATEGORIES, PRE_BIRTH_ASSESSMENT_OUTCOMES, StepDownFacts,
} from '../domain/step-down-blocks';

/** How long a pregnancy concern keeps a pregnancy "known" when no due date was given (a full term). */
const PREGNANCY_CONCERN_DAYS = 280;

/**
 * Reads the facts STEP-3 rules need, for one child (the contact_subject and, when linked, every
 * record of the same person):
 * - the child's contacts; the household's mother(s) by person id; the household's contacts are the
 *   child's plus any contact naming the same mother;
 * - a known pregnancy: a pregnancy/concealed_pregnancy concern on a household contact within a term,
 *   or an unborn subject of a household contact due today or later; decided when such an unborn child
 *   has a final cin_assessment or strategy_discussion decision;
 * - plan endings: transitions from child_protection or looked_after;
 * - unresolved allegations: allegation concerns about the child (incident date or receipt) whose
 *   subject has no final decision (not counting `resolving`, the subject a decision is being recorded for);
 * - a sexual_abuse concern on the step-down's own contact.
 */
export async function readStepDownFacts(em: EntityManager, child: { contactId: string; subjectId: string; personId: string | null }, now: Date, options: { resolving?: string } = {}): Promise<StepDownFacts> {
  const [row] = await em.query(
    `WITH child_subjects AS (
       SELECT s.id, s.contact_id FROM contact_subject s WHERE s.id = $1 OR ($2::uuid IS NOT NULL AND s.person_id = $2::uuid)
     ),
     mothers AS (
       SELECT DISTINCT h.person_id FROM contact_household_member h
        WHERE h.contact_id IN (SELECT contact_id FROM child_subjects) AND h.relationship = 'mother' AND h.person_id IS NOT NULL
     ),
     household_contacts AS (
       SELECT contact_id FROM child_subjects
       UNION SELECT h.contact_id FROM contact_household_member h WHERE h.person_id IN (SELECT person_id FROM mothers)
     ),
     unborn AS (
       SELECT s.id, s.expected_delivery_date FROM contact_subject s
        WHERE s.contact_id IN (SELECT contact_id FROM household_contacts) AND s.expected_delivery_date IS NOT NULL AND s.date_of_birth IS NULL
     )
     SELECT
       (EXISTS (SELECT 1 FROM contact_concern k JOIN contact c ON c.id = k.contact_id
                 WHERE k.contact_id IN (SELECT contact_id FROM household_contacts) AND k.category = ANY($4::text[])
                   AND c.received_at >= $6::timestamptz - make_interval(days => ${PREGNANCY_CONCERN_DAYS}))
        OR EXISTS (SELECT 1 FROM unborn u WHERE u.expected_delivery_date >= ($6::timestamptz AT TIME ZONE 'Europe/London')::date)) AS pregnancy_known,
       EXISTS (SELECT 1 FROM threshold_decision d WHERE d.subject_id IN (SELECT id FROM unborn) AND d.status = 'final'
                  AND d.outcome = ANY($5::text[])) AS pre_birth_decided,
       ARRAY(SELECT t.effective_at FROM child_status_transition t
              WHERE $2::uuid IS NOT NULL AND t.person_id = $2::uuid AND t.from_level IN ('child_protection', 'looked_after')) AS plans_ended_at,
       ARRAY(SELECT coalesce(k.incident_date::timestamptz, c.received_at) FROM contact_concern k
               JOIN contact c ON c.id = k.contact_id
               JOIN child_subjects cs ON cs.contact_id = k.contact_id
              WHERE k.category = ANY($3::text[]) AND (cardinality(k.subject_ids) = 0 OR cs.id = ANY(k.subject_ids))
                AND cs.id IS DISTINCT FROM $8::uuid
                AND NOT EXISTS (SELECT 1 FROM threshold_decision d WHERE d.subject_id = cs.id AND d.status = 'final')) AS allegations_at,
       EXISTS (SELECT 1 FROM contact_concern k WHERE k.contact_id = $7 AND k.category = 'sexual_abuse'
                  AND (cardinality(k.subject_ids) = 0 OR $1 = ANY(k.subject_ids))) AS sexual_abuse`,
    [child.subjectId, child.personId, [...ALLEGATION_CATEGORIES], [...PREGNANCY_CATEGORIES], [...PRE_BIRTH_ASSESSMENT_OUTCOMES], now, child.contactId, options.resolving ?? null],
  );
  return {
    pregnancyKnown: row.pregnancy_known,
    preBirthAssessmentDecided: row.pre_birth_decided,
    plansEndedAt: (row.plans_ended_at as (Date | string)[]).map((d) => new Date(d)),
    unresolvedAllegationsAt: (row.allegations_at as (Date | string)[]).map((d) => new Date(d)),
    sexualAbuseConcern: row.sexual_abuse,
  };
}
