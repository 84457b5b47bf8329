import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import type { ContactStatus, Urgency } from '../../contacts/domain/contact-vocabulary';

export interface LoadedRow {
  id: string;
  received_at: Date;
  status: ContactStatus;
  urgency: Urgency | null;
  graded: boolean;
  subjects: { id: string; dateOfBirth: string | null; expectedDeliveryDate: string | null; personId: string | null }[];
  concerns: { category: never; cinFactorCode: string | null; subjectIds: string[] | null }[];
  household: { relationship: never; resident: boolean | null; knownRisks: never[] | null; dateOfBirth: string | null }[];
}

/**
 * Everything grading may read, for any number of contacts in one round trip (SPEC INT-10): referrer
 * type, anonymity, channel, referral source, names and addresses are never selected. Dates come back
 * as YYYY-MM-DD text.
 */
const LOAD = `
  SELECT c.id, c.received_at, c.urgency, c.status,
         EXISTS (SELECT 1 FROM contact_triage t WHERE t.contact_id = c.id) AS graded,
         (SELECT coalesce(json_agg(json_build_object('id', s.id, 'dateOfBirth', s.date_of_birth, 'expectedDeliveryDate', s.expected_delivery_date, 'personId', s.person_id) ORDER BY s.position), '[]')
            FROM contact_subject s WHERE s.contact_id = c.id) AS subjects,
         (SELECT coalesce(json_agg(json_build_object('category', k.category, 'cinFactorCode', k.cin_factor_code, 'subjectIds', k.subject_ids) ORDER BY k.position), '[]')
            FROM contact_concern k WHERE k.contact_id = c.id) AS concerns,
         (SELECT coalesce(json_agg(json_build_object('relationship', m.relationship, 'resident', m.resident, 'knownRisks', m.known_risks, 'dateOfBirth', m.date_of_birth) ORDER BY m.position), '[]')
            FROM contact_household_member m WHERE m.contact_id = c.id) AS household
    FROM contact c WHERE c.id = ANY($1::uuid[])`;

/**
 * The whole grading write of any number of contacts, one statement. Its first step, inserting
 * contact_triage (primary key contact_id) ON CONFLICT DO NOTHING, is the "graded once" guard (REL-3):
 * a duplicate job running at the same moment waits on that key until the first commits, then
 * inserts nothing, and every later step is conditional, contact by contact, on that first insert.
 * Keys are inserted in contact id order, so two transactions grading overlapping contacts wait for
 * each other instead of deadlocking. Then each contact's decision_due clock (the row SlaClockService
 * would write), and every subject_grade with its first history row. The status moves are contacts'
 * (ContactStatusWriter), in the same transaction.
 */
const STORE = `
  WITH x AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS x(contact_id uuid, grade text, due_at timestamptz, clock_id uuid, started_at timestamptz, deadline jsonb, subjects jsonb)),
  t AS (
    INSERT INTO contact_triage (contact_id, grade, provisional_grade, decision_due_at, decision_clock_id, framework_version)
    SELECT x.contact_id, x.grade, x.grade, x.due_at, x.clock_id, $2 FROM x ORDER BY x.contact_id
    ON CONFLICT (contact_id) DO NOTHING RETURNING contact_id),
  k AS (
    INSERT INTO sla_clock (id, kind, target_type, target_id, contact_id, started_at, due_at, duration)
    SELECT x.clock_id, 'decision_due', 'contact', x.contact_id, x.contact_id, x.started_at, x.due_at, x.deadline
      FROM x JOIN t USING (contact_id) ORDER BY x.contact_id),
  g AS (
    INSERT INTO subject_grade (contact_id, subject_id, person_id, provisional_grade, fired_rules, flags, facts, grade, framework_version)
    SELECT x.contact_id, s.subject_id, s.person_id, s.grade, s.fired_rules, s.flags, s.facts, s.grade, $2
      FROM x JOIN t USING (contact_id),
           jsonb_to_recordset(x.subjects) AS s(subject_id uuid, person_id uuid, grade text, fired_rules jsonb, flags jsonb, facts jsonb)
     ORDER BY x.contact_id, s.subject_id
    RETURNING id, contact_id, subject_id, grade),
  h AS (
    INSERT INTO subject_grade_change (subject_grade_id, contact_id, subject_id, kind, from_grade, to_grade, framework_version)
    SELECT g.id, g.contact_id, g.subject_id, 'provisional', NULL, g.grade, $2 FROM g)
  SELECT contact_id::text FROM t`;

/** One contact's grading, as STORE writes it. */
export interface StoreGrading {
  contactId: string;
  grade: string;
  dueAt: Date;
  clockId: string;
  startedAt: Date;
  deadline: unknown;
  subjects: unknown[];
}

/** The grading hot path's two prepared statements (PERF-3): one read, one write, whatever the number of contacts. */
export const gradingRows = {
  async load(em: EntityManager, contactIds: string[]): Promise<LoadedRow[]> {
    return preparedQuery<LoadedRow>(em, LOAD, [contactIds]);
  },
  /** The contacts this call graded (one missing: another job already had). */
  async store(em: EntityManager, frameworkVersion: string, gradings: StoreGrading[]): Promise<Set<string>> {
    if (!gradings.length) return new Set();
    const rows = gradings.map((g) => ({
      contact_id: g.contactId, grade: g.grade, due_at: g.dueAt.toISOString(), clock_id: g.clockId, started_at: g.startedAt.toISOString(), deadline: g.deadline, subjects: g.subjects,
    }));
    const stored = await preparedQuery<{ contact_id: string }>(em, STORE, [JSON.stringify(rows), frameworkVersion]);
    return new Set(stored.map((r) => r.contact_id));
  },
};
