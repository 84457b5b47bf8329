import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import type { ContactStatus, Urgency } from '../../contacts/domain/contact-vocabulary';

export interface LoadedRow {
  received_at: Date;
  status: ContactStatus;
  urgency: Urgency | null;
  graded: boolean;
  subjects: { id: string; dateOfBirth: string | null; expectedDeliveryDate: string | null; personId: string | null }[];
  concerns: { category: never; cinFactorCode: string | null; subjectIds: string[] | null }[];
  household: { relationship: never; resident: boolean | null; knownRisks: never[] | null; dateOfBirth: string | null }[];
}

/**
 * Everything grading may read, in one round trip (SPEC INT-10): referrer type, anonymity, channel,
 * referral source, names and addresses are never selected. Dates come back as YYYY-MM-DD text.
 */
const LOAD = `
  SELECT c.received_at, c.urgency, c.status,
         EXISTS (SELECT 1 FROM contact_triage t WHERE t.contact_id = c.id) AS graded,
         (SELECT coalesce(json_agg(json_build_object('id', s.id, 'dateOfBirth', s.date_of_birth, 'expectedDeliveryDate', s.expected_delivery_date, 'personId', s.person_id) ORDER BY s.position), '[]')
            FROM contact_subject s WHERE s.contact_id = c.id) AS subjects,
         (SELECT coalesce(json_agg(json_build_object('category', k.category, 'cinFactorCode', k.cin_factor_code, 'subjectIds', k.subject_ids) ORDER BY k.position), '[]')
            FROM contact_concern k WHERE k.contact_id = c.id) AS concerns,
         (SELECT coalesce(json_agg(json_build_object('relationship', m.relationship, 'resident', m.resident, 'knownRisks', m.known_risks, 'dateOfBirth', m.date_of_birth) ORDER BY m.position), '[]')
            FROM contact_household_member m WHERE m.contact_id = c.id) AS household
    FROM contact c WHERE c.id = $1`;

/**
 * The whole grading write, one statement. Its first step, inserting contact_triage (primary key
 * contact_id) ON CONFLICT DO NOTHING, is the "graded once" guard (REL-3): a duplicate job running at
 * the same moment waits on that key until the first commits, then inserts nothing, and every later
 * step is conditional on that first insert. Then the decision_due clock (the row SlaClockService
 * would write), and every subject_grade with its first history row. The status move is contacts'
 * (ContactStatusWriter), in the same transaction.
 */
const STORE = `
  WITH t AS (
    INSERT INTO contact_triage (contact_id, grade, provisional_grade, decision_due_at, decision_clock_id, framework_version)
    VALUES ($1, $2, $2, $3, $4, $5) ON CONFLICT (contact_id) DO NOTHING RETURNING contact_id),
  k AS (
    INSERT INTO sla_clock (id, kind, target_type, target_id, contact_id, started_at, due_at, duration)
    SELECT $4, 'decision_due', 'contact', $1, $1, $7, $3, $8::jsonb FROM t),
  g AS (
    INSERT INTO subject_grade (contact_id, subject_id, person_id, provisional_grade, fired_rules, flags, facts, grade, framework_version)
    SELECT $1, x.subject_id, x.person_id, x.grade, x.fired_rules, x.flags, x.facts, x.grade, $5
      FROM t, jsonb_to_recordset($6::jsonb) AS x(subject_id uuid, person_id uuid, grade text, fired_rules jsonb, flags jsonb, facts jsonb)
    RETURNING id, subject_id, grade),
  h AS (
    INSERT INTO subject_grade_change (subject_grade_id, contact_id, subject_id, kind, from_grade, to_grade, framework_version)
    SELECT g.id, $1, g.subject_id, 'provisional', NULL, g.grade, $5 FROM g)
  SELECT (SELECT count(*) FROM t)::int AS graded`;

export interface StoreGrading {
  contactId: string;
  grade: string;
  dueAt: Date;
  clockId: string;
  frameworkVersion: string;
  subjects: unknown[];
  startedAt: Date;
  deadline: unknown;
}

/** The grading hot path's two prepared statements (PERF-3): one read, one write. */
export const gradingRows = {
  async load(em: EntityManager, contactId: string): Promise<LoadedRow | undefined> {
    const [row] = await preparedQuery<LoadedRow>(em, LOAD, [contactId]);
    return row;
  },
  /** Whether this call graded the contact (false: another job already had). */
  async store(em: EntityManager, g: StoreGrading): Promise<boolean> {
    const [stored] = await preparedQuery<{ graded: number }>(em, STORE, [
      g.contactId, g.grade, g.dueAt, g.clockId, g.frameworkVersion, JSON.stringify(g.subjects), g.startedAt, JSON.stringify(g.deadline),
    ]);
    return stored.graded > 0;
  },
};
