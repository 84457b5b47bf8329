import type { EntityManager } from 'typeorm';
import { FamilyMember, familyOf } from '../domain/relationships';
import { ADULT_TYPES, CHILD_TYPES } from '../domain/relationships';

/**
 * The person and anyone merged into it (merged records still own status transitions written against
 * them); empty when the person does not exist.
 */
export async function personIdsOf(em: Pick<EntityManager, 'query'>, personId: string): Promise<string[]> {
  const rows: { id: string }[] = await em.query('SELECT id FROM person WHERE id = $1 OR merged_into_id = $1', [personId]);
  if (!rows.some((r) => r.id === personId)) return [];
  return [personId, ...rows.map((r) => r.id).filter((id) => id !== personId)];
}

/**
 * The family a history covers (SPEC PPL-3), in one query: the child's relationships, and the children
 * of each adult linked to the child (half-siblings, a partner's other children). Labelled by
 * domain/relationships.ts familyOf().
 */
export async function loadFamily(em: Pick<EntityManager, 'query'>, personId: string, personIds: string[]): Promise<FamilyMember[]> {
  const rows: { step: 'direct' | 'adult'; person_id: string; related_person_id: string; relationship: string }[] = await em.query(
    `WITH direct AS (SELECT DISTINCT related_person_id, relationship FROM person_relationship WHERE person_id = ANY($1::uuid[]))
     SELECT 'direct' AS step, NULL::uuid AS person_id, related_person_id, relationship FROM direct
     UNION ALL
     SELECT DISTINCT 'adult', pr.person_id, pr.related_person_id, pr.relationship FROM person_relationship pr
     WHERE pr.person_id IN (SELECT related_person_id FROM direct WHERE relationship = ANY($2::text[])) AND pr.relationship = ANY($3::text[])`,
    [personIds, ADULT_TYPES, CHILD_TYPES],
  );
  const others = new Set(personIds.filter((id) => id !== personId));
  const direct = rows.filter((r) => r.step === 'direct' && !others.has(r.related_person_id)).map((r) => ({ relatedPersonId: r.related_person_id, relationship: r.relationship }));
  const adultsChildren = rows.filter((r) => r.step === 'adult' && !others.has(r.related_person_id)).map((r) => ({ personId: r.person_id, relatedPersonId: r.related_person_id, relationship: r.relationship }));
  return familyOf(personId, direct, adultsChildren);
}
