import type { EntityManager } from 'typeorm';

/** The person summary a merge overwrites and a revert restores. */
export const SUMMARY = ['first_name', 'last_name', 'date_of_birth', 'expected_delivery_date', 'sex', 'nhs_number', 'postcode'] as const;

/** Tables whose rows belong to a person and move with a merge. */
export type PersonOwnedTable = 'contact_subject' | 'contact_household_member' | 'person_name' | 'person_address' | 'person_flag';

export interface MergeRow {
  id: string;
  from_person_id: string;
  into_person_id: string;
  moved_subject_ids: string[];
  moved_household_ids: string[];
  moved_name_ids: string[];
  moved_address_ids: string[];
  moved_flag_ids: string[];
  into_summary_before: Record<string, unknown>;
  merged_at: Date;
  reverted_at: Date | null;
}

/** Merging two person records and reverting it (SPEC PPL-1): every statement, in the caller's transaction. */
export const personMerges = {
  /** Locks the persons (in id order, so two merges never deadlock) and reads their summaries. */
  async lockPersons(em: EntityManager, ids: string[]): Promise<Map<string, Record<string, string | null>>> {
    const rows: Record<string, string | null>[] = await em.query(
      `SELECT id, merged_into_id, ${SUMMARY.map((k) => (k.includes('date') ? `${k}::text` : k)).join(', ')} FROM person WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id as string, r]));
  },

  /** Moves every row of `table` from one person to the other; answers the ids moved. */
  async moveAll(em: EntityManager, table: PersonOwnedTable, fromPersonId: string, intoPersonId: string): Promise<string[]> {
    const [rows] = await em.query(`UPDATE ${table} SET person_id = $2 WHERE person_id = $1 RETURNING id`, [fromPersonId, intoPersonId]);
    return (rows as { id: string }[]).map((r) => r.id);
  },

  /** Moves back the rows a merge moved that are still on the survivor; answers the ids moved. */
  async moveBack(em: EntityManager, table: PersonOwnedTable, fromPersonId: string, intoPersonId: string, ids: string[]): Promise<string[]> {
    const [rows] = await em.query(`UPDATE ${table} SET person_id = $1 WHERE id = ANY($3::uuid[]) AND person_id = $2 RETURNING id`, [fromPersonId, intoPersonId, ids]);
    return (rows as { id: string }[]).map((r) => r.id);
  },

  async moveMatches(em: EntityManager, fromPersonId: string, intoPersonId: string): Promise<void> {
    await em.query('UPDATE person_match SET person_id = $2 WHERE person_id = $1', [fromPersonId, intoPersonId]);
  },

  async moveMatchesBack(em: EntityManager, fromPersonId: string, intoPersonId: string, sourceIds: string[]): Promise<void> {
    await em.query('UPDATE person_match SET person_id = $1 WHERE source_id = ANY($3::uuid[]) AND person_id = $2', [fromPersonId, intoPersonId, sourceIds]);
  },

  async setMergedInto(em: EntityManager, personId: string, intoPersonId: string | null): Promise<void> {
    await em.query('UPDATE person SET merged_into_id = $2, updated_at = now() WHERE id = $1', [personId, intoPersonId]);
  },

  async restoreSummary(em: EntityManager, personId: string, before: Record<string, unknown>): Promise<void> {
    await em.query(`UPDATE person SET ${SUMMARY.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [personId, ...SUMMARY.map((k) => before[k] ?? (k === 'sex' ? 'U' : null))]);
  },

  async insert(
    em: EntityManager,
    m: { fromPersonId: string; intoPersonId: string; reason: string; subjects: string[]; household: string[]; names: string[]; addresses: string[]; flags: string[]; summaryBefore: Record<string, unknown>; at: Date; userId: string | null },
  ): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO person_merge (from_person_id, into_person_id, reason, moved_subject_ids, moved_household_ids, moved_name_ids, moved_address_ids, moved_flag_ids, into_summary_before, merged_at, merged_by_user_id)
       VALUES ($1, $2, $11, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [m.fromPersonId, m.intoPersonId, m.subjects, m.household, m.names, m.addresses, m.flags, JSON.stringify(m.summaryBefore), m.at, m.userId, m.reason],
    );
    return row.id;
  },

  async lockMerge(em: EntityManager, mergeId: string): Promise<MergeRow | undefined> {
    const [row] = await em.query('SELECT * FROM person_merge WHERE id = $1 FOR UPDATE', [mergeId]);
    return row;
  },

  async markReverted(em: EntityManager, mergeId: string, at: Date, userId: string | null): Promise<void> {
    await em.query('UPDATE person_merge SET reverted_at = $2, reverted_by_user_id = $3 WHERE id = $1', [mergeId, at, userId]);
  },

  /** The contacts of these subjects and household members. */
  async contactsOfSources(em: EntityManager, sourceIds: string[]): Promise<string[]> {
    const rows: { contact_id: string }[] = await em.query(
      `SELECT contact_id FROM contact_subject WHERE id = ANY($1::uuid[]) UNION SELECT contact_id FROM contact_household_member WHERE id = ANY($1::uuid[])`,
      [sourceIds],
    );
    return rows.map((r) => r.contact_id);
  },
};
