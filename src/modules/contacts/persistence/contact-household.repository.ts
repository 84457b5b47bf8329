import type { EntityManager } from 'typeorm';
import { insertRows } from '../../../database/insert-rows';
import { HOUSEHOLD_COLUMNS, Row, SUBJECT_COLUMNS } from './contact-sql';

/**
 * A person added to an open contact's household, numbered after the existing ones (the caller holds
 * the contact's row lock), and, for a child, the subject row with it.
 */
const ADD_MEMBER_SQL = `WITH base AS (
  SELECT (SELECT coalesce(max(position) + 1, 0) FROM contact_household_member WHERE contact_id = ($1::jsonb #>> '{contactId}')::uuid) AS h,
         (SELECT coalesce(max(position) + 1, 0) FROM contact_subject WHERE contact_id = ($1::jsonb #>> '{contactId}')::uuid) AS s
),
h AS (${insertRows('contact_household_member', HOUSEHOLD_COLUMNS, 'household', 'base', { position: 'base.h' })}),
s AS (${insertRows('contact_subject', SUBJECT_COLUMNS, 'subjects', 'base', { position: 'base.s' })})
SELECT 1 AS ok`;

export const contactHouseholdRows = {
  async member(em: EntityManager, contactId: string, memberId: string): Promise<{ id: string; personId: string | null; leftAt: Date | null } | undefined> {
    const [row] = await em.query('SELECT id, person_id, left_at FROM contact_household_member WHERE id = $1 AND contact_id = $2', [memberId, contactId]);
    return row && { id: row.id, personId: row.person_id, leftAt: row.left_at };
  },
  /** The member left the household at `at`: no longer resident. */
  async markLeft(em: EntityManager, memberId: string, at: Date): Promise<void> {
    await em.query('UPDATE contact_household_member SET left_at = $2, resident = false WHERE id = $1', [memberId, at]);
  },
  async add(em: EntityManager, contactId: string, member: Row<typeof HOUSEHOLD_COLUMNS>, child: Row<typeof SUBJECT_COLUMNS> | null): Promise<void> {
    await em.query(ADD_MEMBER_SQL, [JSON.stringify({ contactId, household: [member], subjects: child ? [child] : [] })]);
  },
};
