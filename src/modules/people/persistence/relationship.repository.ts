import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import { PARENT_TYPES, RelationshipRow } from '../domain/relationships';

/** The relationships one contact states now, and when those new to it start. */
export interface ContactRelationships {
  contactId: string;
  rows: RelationshipRow[];
  validFrom: Date;
}

/**
 * Relationships a contact states (SPEC PPL-2), one row per pair and type per contact. Replacing a
 * contact's set keeps the rows it still states as they were (their start, and an end already
 * recorded), starts new ones at `validFrom` and removes those it no longer states. Several
 * contacts' sets in one statement, rows in key order so two batches never lock rows in a cycle.
 */
export async function replaceContactRelationships(em: EntityManager, sets: ContactRelationships[]): Promise<void> {
  if (!sets.length) return;
  const rows = sets
    .flatMap((s) => s.rows.map((r) => ({ ...r, contactId: s.contactId, validFrom: s.validFrom })))
    .sort((a, b) => a.contactId.localeCompare(b.contactId) || a.personId.localeCompare(b.personId) || a.relatedPersonId.localeCompare(b.relatedPersonId) || a.relationship.localeCompare(b.relationship));
  const cols = [
    rows.map((r) => r.personId), rows.map((r) => r.relatedPersonId), rows.map((r) => r.relationship), rows.map((r) => r.parentalResponsibility), rows.map((r) => r.resident),
    rows.map((r) => r.validFrom), rows.map((r) => r.contactId),
  ];
  await preparedQuery(
    em,
    `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[], $7::uuid[]) WITH ORDINALITY AS x(p, r, t, pr, res, vf, c, n)),
     gone AS (
       DELETE FROM person_relationship pr WHERE pr.source_contact_id = ANY($8::uuid[])
         AND NOT EXISTS (SELECT 1 FROM x WHERE x.c = pr.source_contact_id AND x.p = pr.person_id AND x.r = pr.related_person_id AND x.t = pr.relationship))
     INSERT INTO person_relationship (person_id, related_person_id, relationship, parental_responsibility, resident, valid_from, source_contact_id)
     SELECT p, r, t, pr, res, vf, c FROM x ORDER BY n
     ON CONFLICT (person_id, related_person_id, relationship, source_contact_id) DO UPDATE
       SET parental_responsibility = EXCLUDED.parental_responsibility, resident = EXCLUDED.resident`,
    [...cols, [...new Set(sets.map((s) => s.contactId))].sort()],
  );
}

/**
 * For each person given, everyone whose records its accumulation ledger
 * (subject-ledger.repository.ts) can read: the person and those merged into it, everyone related
 * to them, and the children of their parents. Relationships are those stored plus `planned` (about
 * to be written), so the answer holds once they are.
 */
export async function familyReach(em: EntityManager, personIds: string[], planned: Pick<RelationshipRow, 'personId' | 'relatedPersonId' | 'relationship'>[]): Promise<Map<string, string[]>> {
  if (!personIds.length) return new Map();
  const rows: { person_id: string; reach: string[] }[] = await preparedQuery(
    em,
    `WITH planned AS (SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS e(person_id, related_person_id, relationship))
     SELECT q.person_id, ARRAY(
       WITH me AS (SELECT q.person_id AS id UNION SELECT id FROM person WHERE merged_into_id = q.person_id),
       rel AS (
         SELECT related_person_id AS id, relationship FROM person_relationship WHERE person_id IN (SELECT id FROM me)
         UNION SELECT related_person_id, relationship FROM planned WHERE person_id IN (SELECT id FROM me)),
       parents AS (SELECT id FROM rel WHERE relationship = ANY($5::text[]))
       SELECT id FROM me UNION SELECT id FROM rel
       UNION SELECT related_person_id FROM person_relationship WHERE person_id IN (SELECT id FROM parents) AND relationship = 'child'
       UNION SELECT related_person_id FROM planned WHERE person_id IN (SELECT id FROM parents) AND relationship = 'child') AS reach
     FROM (SELECT DISTINCT person_id FROM unnest($1::uuid[]) AS person_id) q`,
    [personIds, planned.map((e) => e.personId), planned.map((e) => e.relatedPersonId), planned.map((e) => e.relationship), [...PARENT_TYPES]],
  );
  return new Map(rows.map((r) => [r.person_id, r.reach]));
}

/**
 * Ends, at `at`, every open relationship between the people who left and the children (both
 * directions), whichever contact stated it; never one that began after `at`. Answers the rows ended.
 */
export async function endRelationships(em: EntityManager, leftPersonIds: string[], childPersonIds: string[], at: Date): Promise<{ id: string; personId: string; relatedPersonId: string; relationship: string }[]> {
  if (!leftPersonIds.length || !childPersonIds.length) return [];
  const [rows] = await em.query(
    `UPDATE person_relationship SET valid_to = $3
     WHERE valid_to IS NULL AND valid_from <= $3
       AND ((person_id = ANY($1::uuid[]) AND related_person_id = ANY($2::uuid[])) OR (person_id = ANY($2::uuid[]) AND related_person_id = ANY($1::uuid[])))
     RETURNING id, person_id AS "personId", related_person_id AS "relatedPersonId", relationship`,
    [leftPersonIds, childPersonIds, at],
  );
  return rows;
}
