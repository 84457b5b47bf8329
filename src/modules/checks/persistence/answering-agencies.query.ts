import type { EntityManager } from 'typeorm';

/** The agencies that returned a check on the contact (they are told the outcome, SPEC FB-3). */
export async function agenciesThatAnswered(em: EntityManager, contactId: string): Promise<string[]> {
  const rows: { agency_id: string }[] = await em.query(
    `SELECT DISTINCT agency_id FROM agency_check WHERE contact_id = $1 AND status = 'returned' AND agency_id IS NOT NULL`,
    [contactId],
  );
  return rows.map((r) => r.agency_id);
}
