import type { Client } from 'pg';

export interface GradingRow {
  id: string;
  stored: boolean;
  subjects: number;
  grades: number;
  triaged: number;
  gradedEvents: number;
}

/**
 * Per contact: stored at all, its subjects, the subject_grade rows and the contact_triage row the
 * triage processor wrote, and how many `contact.graded` audit events there are (the grading effect:
 * more than one would mean the contact was graded twice, whatever the unique indexes absorbed).
 */
export async function gradingOf(db: Client, contactIds: string[]): Promise<GradingRow[]> {
  const { rows } = await db.query(
    `SELECT a.id::text AS id, (c.id IS NOT NULL) AS stored,
            (SELECT count(*)::int FROM contact_subject s WHERE s.contact_id = a.id) AS subjects,
            (SELECT count(*)::int FROM subject_grade g WHERE g.contact_id = a.id) AS grades,
            (SELECT count(*)::int FROM contact_triage t WHERE t.contact_id = a.id) AS triaged,
            (SELECT count(*)::int FROM audit_event e WHERE e.entity_id = a.id::text AND e.action = 'contact.graded') AS "gradedEvents"
       FROM unnest($1::uuid[]) AS a(id) LEFT JOIN contact c ON c.id = a.id`,
    [contactIds],
  );
  return rows;
}

/** Contacts not (yet) graded exactly once. */
export function notGradedOnce(rows: GradingRow[]): GradingRow[] {
  return rows.filter((r) => !r.stored || r.triaged !== 1 || r.gradedEvents !== 1 || r.grades !== r.subjects);
}

/** Contacts graded more than once (by the audit trail) or holding more grades than subjects. */
export function gradedTwice(rows: GradingRow[]): GradingRow[] {
  return rows.filter((r) => r.gradedEvents > 1 || r.triaged > 1 || r.grades > r.subjects);
}
