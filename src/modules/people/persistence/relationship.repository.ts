import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import type { RelationshipRow } from '../domain/relationships';

/**
 * Relationships a contact states (SPEC PPL-2), one row per pair and type per contact. Replacing a
 * contact's set keeps the rows it still states as they were (their start, and an end already
 * recorded), starts new ones at `validFrom` and removes those it no longer states.
 */
export async function replaceContactRelationships(em: EntityManager, contactId: string, rows: RelationshipRow[], validFrom: Date): Promise<void> {
  const cols = [rows.map((r) => r.personId), rows.map((r) => r.relatedPersonId), rows.map((r) => r.relationship), rows.map((r) => r.parentalResponsibility), rows.map((r) => r.resident)];
  await preparedQuery(
    em,
    `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[]) AS x(p, r, t, pr, res)),
     gone AS (
       DELETE FROM person_relationship pr WHERE pr.source_contact_id = $7
         AND NOT EXISTS (SELECT 1 FROM x WHERE x.p = pr.person_id AND x.r = pr.related_person_id AND x.t = pr.relationship))
     INSERT INTO person_relationship (person_id, related_person_id, relationship, parental_responsibility, resident, valid_from, source_contact_id)
     SELECT p, r, t, pr, res, $6, $7 FROM x
     ON CONFLICT (person_id, related_person_id, relationship, source_contact_id) DO UPDATE
       SET parental_responsibility = EXCLUDED.parental_responsibility, resident = EXCLUDED.resident`,
    [...cols, validFrom, contactId],
  );
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
