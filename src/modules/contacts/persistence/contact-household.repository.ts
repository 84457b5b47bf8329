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
  async add(em: EntityManager, contactId: string, member: Row<typeof HOUSEHOLD_COLUMNS>, child: Row<typeof SUBJECT_COLUMNS> | null): Promise<void> {
    await em.query(ADD_MEMBER_SQL, [JSON.stringify({ contactId, household: [member], subjects: child ? [child] : [] })]);
  },
};
