import type { EntityManager } from 'typeorm';
import { preparedQueries, preparedQuery } from '../../../database/prepared-query';
import type { CandidateRow } from '../domain/match-scoring';
import { dobVariants } from '../domain/dates';
import type { NameParts } from '../domain/names';

export interface CandidateSearch {
  /** Normalised (first, last) pairs: the name given plus aliases and previous names. Either part may be ''. */
  names: NameParts[];
  dateOfBirth: string | null;
  nhsNumber: string | null;
  /** Normalised postcode. */
  postcode: string | null;
  excludePersonIds: string[];
  phoneticSimilarity: number;
  firstNameWeight: number;
  lastNameWeight: number;
  /** Rows returned after a rough pre-rank in SQL; scoring happens in domain/match-scoring.ts. */
  limit: number;
  /** Also try trigram similarity on the surname (GIN index), for typos that change how a name sounds. */
  trigram?: boolean;
  /** Read the transposed and year-either-side dates of birth too (a search by date of birth alone). */
  dobVariants?: boolean;
}

/** Each blocking query is capped, so a very common name or date never turns a lookup into a scan. */
const BLOCK_CAP = 300;
/** Name rows read from the phonetic index (an index-only scan: the index carries the names). */
const NAME_ROWS_CAP = 3000;
/** How alike (first or last name) someone born on the same day must be to be compared at all. */
const DOB_BLOCK_NAME_FLOOR = 0.5;
/** Persons carried forward from the name blocks, best spellings first. */
const NAME_PERSONS_CAP = 100;
/** The trigram fallback reads many posting lists; its cap is lower. */
const TRIGRAM_CAP = 200;

/**
 * Finds persons who might be the one described (SPEC PPL-1, PERF-4). Candidates come from indexed
 * "blocks", each cheap at a million persons: the NHS number (unique index), the exact date of birth
 * (btree), the Double Metaphone codes of surname and first
 * name over every known name (expression index), the postcode (btree) and, for a search that found
 * nothing else, a trigram match on the surname (GIN). Only those few hundred rows get name similarities computed
 * (person_name_similarity(): exact, trigram, edit distance or same sound, the best of them, over all
 * the person's names and aliases), and the best-looking `limit` are returned.
 */
export async function findCandidates(em: Pick<EntityManager, 'query'>, q: CandidateSearch): Promise<CandidateRow[]> {
  const { text, values } = candidateStatement(q);
  return candidateRows(await preparedQuery(em, text, values));
}

/** The SQL and parameters of one search (findCandidates). */
function candidateStatement(q: CandidateSearch): { text: string; values: unknown[] } {
  const firsts = q.names.map((n) => n.first);
  const lasts = q.names.map((n) => n.last);
  const hasFirst = firsts.some(Boolean);
  const hasLast = lasts.some(Boolean);
  // The date-of-birth block reads the exact date only: about 90 children share a birthday among a million
  // persons, and each costs a name comparison. A transposed or year-out date with a similar name is
  // found by the name block; its agreement is scored in domain/match-scoring.ts either way. A search by
  // date of birth alone has no name block, so it reads the variants too.
  const dobs = q.dobVariants ? dobVariants(q.dateOfBirth) : q.dateOfBirth ? [q.dateOfBirth] : [];
  // Of the persons born that day, only those whose current name is at least a little like one given go
  // forward (checked on the row the index scan reads anyway). Someone known now by a wholly different
  // name is found through person_name by the name block instead.
  const dobNameFilter =
    hasFirst || hasLast
      ? `AND EXISTS (SELECT 1 FROM q WHERE greatest(coalesce(person_name_similarity(lower(p.first_name), q.f, $7), 0), coalesce(person_name_similarity(lower(p.last_name), q.l, $7), 0)) >= ${DOB_BLOCK_NAME_FLOOR})`
      : '';
  const phoneticWhere = !hasLast
    ? null
    : hasFirst
      ? 'dmetaphone(pn.last_norm) = ANY(ARRAY(SELECT k FROM lkeys)) AND dmetaphone(pn.first_norm) = ANY(ARRAY(SELECT k FROM fkeys))'
      : 'dmetaphone(pn.last_norm) = ANY(ARRAY(SELECT k FROM lkeys))';
  const nameBlocks = [
    phoneticWhere && `(SELECT pn.person_id, pn.first_norm, pn.last_norm FROM person_name pn WHERE ${phoneticWhere} LIMIT ${NAME_ROWS_CAP})`,
    q.trigram && hasLast && `(SELECT pn.person_id, pn.first_norm, pn.last_norm FROM person_name pn WHERE pn.last_norm % ($2::text[])[1] LIMIT ${TRIGRAM_CAP})`,
  ].filter(Boolean);
  const sql = `
    WITH q AS (SELECT f, l FROM unnest($1::text[], $2::text[]) AS q(f, l)),
    lkeys AS (SELECT DISTINCT k FROM q, LATERAL (VALUES (dmetaphone(l)), (dmetaphone_alt(l))) v(k) WHERE l <> '' AND k <> ''),
    fkeys AS (SELECT DISTINCT k FROM q, LATERAL (VALUES (dmetaphone(f)), (dmetaphone_alt(f))) v(k) WHERE f <> '' AND k <> ''),
    named AS (${nameBlocks.join(' UNION ALL ') || 'SELECT NULL::uuid AS person_id, NULL::text AS first_norm, NULL::text AS last_norm WHERE false'}),
    -- A common name ("Oliver Smith") sounds like thousands: score each distinct spelling once and carry
    -- forward only the persons with the best-scoring spellings.
    spellings AS (
      SELECT n.first_norm, n.last_norm,
        max(coalesce(person_name_similarity(n.first_norm, q.f, $7), 0) * $8 + coalesce(person_name_similarity(n.last_norm, q.l, $7), 0) * $9) AS s
      FROM (SELECT DISTINCT first_norm, last_norm FROM named) n CROSS JOIN q GROUP BY n.first_norm, n.last_norm
    ),
    name_hits AS (SELECT named.person_id FROM named JOIN spellings USING (first_norm, last_norm) ORDER BY spellings.s DESC LIMIT ${NAME_PERSONS_CAP}),
    block AS (
      (SELECT id AS person_id FROM person WHERE $3::text IS NOT NULL AND nhs_number = $3::text AND merged_into_id IS NULL) -- the partial unique index
      UNION (SELECT id FROM person p WHERE date_of_birth = ANY($4::date[]) ${dobNameFilter} LIMIT ${BLOCK_CAP})
      UNION (SELECT DISTINCT person_id FROM person_address WHERE $5::text IS NOT NULL AND postcode_norm = $5::text LIMIT ${BLOCK_CAP})
      UNION (SELECT person_id FROM name_hits)
    ),
    cand AS (
      SELECT p.id, p.date_of_birth, p.sex, p.nhs_number FROM block b JOIN person p ON p.id = b.person_id
      WHERE p.merged_into_id IS NULL AND NOT (p.id = ANY($6::uuid[]))
    ),
    sims AS (
      SELECT DISTINCT ON (person_id) person_id, fs, ls FROM (
        SELECT n.person_id, person_name_similarity(n.first_norm, q.f, $7) AS fs, person_name_similarity(n.last_norm, q.l, $7) AS ls
        -- A name seen on many contacts is one name: compare each distinct name once.
        FROM (SELECT DISTINCT pn.person_id, pn.first_norm, pn.last_norm FROM cand JOIN person_name pn ON pn.person_id = cand.id) n CROSS JOIN q
      ) x
      ORDER BY person_id, coalesce(fs, 0) * $8 + coalesce(ls, 0) * $9 DESC
    )
    SELECT c.id AS "personId", s.fs AS "firstNameSimilarity", s.ls AS "lastNameSimilarity", c.date_of_birth::text AS "dateOfBirth", c.sex, c.nhs_number AS "nhsNumber",
      ARRAY(SELECT DISTINCT pa.postcode_norm FROM person_address pa WHERE pa.person_id = c.id AND pa.postcode_norm IS NOT NULL) AS postcodes
    FROM cand c LEFT JOIN sims s ON s.person_id = c.id
    ORDER BY (CASE WHEN c.nhs_number = $3::text THEN 1 ELSE 0 END) DESC,
      coalesce(s.fs, 0) * $8 + coalesce(s.ls, 0) * $9 + (CASE WHEN c.date_of_birth = $10::date THEN 0.35 ELSE 0 END) DESC, c.id
    LIMIT $11`;
  return {
    text: sql,
    values: [firsts, lasts, q.nhsNumber, dobs, q.postcode, q.excludePersonIds, q.phoneticSimilarity, q.firstNameWeight, q.lastNameWeight, q.dateOfBirth, q.limit],
  };
}

function candidateRows(rows: CandidateRow[]): CandidateRow[] {
  return rows.map((r) => ({ ...r, firstNameSimilarity: r.firstNameSimilarity === null ? null : Number(r.firstNameSimilarity), lastNameSimilarity: r.lastNameSimilarity === null ? null : Number(r.lastNameSimilarity) }));
}

/**
 * `findCandidates` for several descriptions (a batch's sources), in the order asked: one statement
 * each, all sent in one round trip (preparedQueries). As one statement (each description a LATERAL
 * row) the generic plan took 85 ms a search instead of a few (bench:people, 200,000 persons).
 */
export async function findCandidatesMany(em: Pick<EntityManager, 'query'>, qs: CandidateSearch[]): Promise<CandidateRow[][]> {
  const answers = await preparedQueries<CandidateRow>(em, qs.map(candidateStatement));
  return answers.map(candidateRows);
}
