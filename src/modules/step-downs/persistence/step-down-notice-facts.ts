import type { EntityManager } from 'typeorm';

/** What an acceptance notice says and who it can go to (SPEC STEP-2), read in one go. */
export interface StepDownNoticeFacts {
  id: string;
  status: string;
  respondedAt: Date | null;
  leadProfessionalName: string;
  leadProfessionalEmail: string | null;
  agencyName: string | null;
  reference: string;
  anonymous: boolean;
  referrerEmail: string | null;
  submittedByUserId: string | null;
  submittedByAgencyId: string | null;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  gpPractice: string | null;
  school: string | null;
}

export async function readStepDownNoticeFacts(em: EntityManager, stepDownId: string): Promise<StepDownNoticeFacts | null> {
  const [row] = await em.query(
    `SELECT d.id, d.status, d.responded_at AS "respondedAt", d.lead_professional_name AS "leadProfessionalName",
            d.lead_professional_email AS "leadProfessionalEmail", a.name AS "agencyName",
            c.reference, c.anonymous, c.submitted_by_user_id AS "submittedByUserId", c.submitted_by_agency_id AS "submittedByAgencyId",
            s.first_name AS "firstName", s.last_name AS "lastName", s.date_of_birth::text AS "dateOfBirth",
            s.gp_practice AS "gpPractice", s.school, r.email AS "referrerEmail"
       FROM step_down d JOIN contact c ON c.id = d.contact_id JOIN contact_subject s ON s.id = d.subject_id
       LEFT JOIN agency a ON a.id = d.receiving_agency_id LEFT JOIN contact_referrer r ON r.contact_id = c.id
      WHERE d.id = $1`,
    [stepDownId],
  );
  return row ?? null;
}

/** The referrer's address when the contact has none of its own: the user who submitted it. */
export async function readSubmitterAddress(em: EntityManager, userId: string): Promise<{ email: string | null; agencyId: string | null } | null> {
  const [u] = await em.query('SELECT email, agency_id AS "agencyId" FROM app_user WHERE id = $1', [userId]);
  return u ?? null;
}

/** Agencies of one type (health_gp, school), to match the child's GP practice or school by name. */
export function readAgenciesOfType(em: EntityManager, type: string): Promise<{ id: string; name: string; email: string | null }[]> {
  return em.query('SELECT id, name, email FROM agency WHERE type = $1', [type]);
}
