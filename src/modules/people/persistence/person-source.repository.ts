import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import type { MatchSourceKind } from '../domain/people-vocabulary';

/**
 * A contact subject or household member, read as a description of a person (SPEC PPL-1): what the
 * matcher compares and what a link copies into the person index.
 */
export interface PersonSource {
  kind: MatchSourceKind;
  id: string;
  contactId: string;
  receivedAt: Date;
  position: number;
  personId: string | null;
  firstName: string | null;
  lastName: string | null;
  aliases: string[];
  dateOfBirth: string | null;
  expectedDeliveryDate: string | null;
  sex: 'M' | 'F' | 'U';
  nhsNumber: string | null;
  postcode: string | null;
  line1: string | null;
  line2: string | null;
  town: string | null;
  addressType: string;
  /** household members only */
  relationship: string | null;
  parentalResponsibility: string | null;
  resident: boolean | null;
  knownRisks: string[];
}

const COLUMNS = `"kind", id, "contactId", "receivedAt", position, "personId", "firstName", "lastName", aliases, "dateOfBirth", "expectedDeliveryDate", sex, "nhsNumber",
  postcode, line1, line2, town, "addressType", relationship, "parentalResponsibility", resident, "knownRisks"`;

const SUBJECTS = `SELECT 'contact_subject' AS "kind", s.id, s.contact_id AS "contactId", c.received_at AS "receivedAt", s.position, s.person_id AS "personId",
    s.first_name AS "firstName", s.last_name AS "lastName", s.aliases, s.date_of_birth::text AS "dateOfBirth", s.expected_delivery_date::text AS "expectedDeliveryDate",
    s.sex, s.nhs_number AS "nhsNumber", s.postcode, s.address_line1 AS line1, s.address_line2 AS line2, s.town, s.address_type AS "addressType",
    NULL::text AS relationship, NULL::text AS "parentalResponsibility", NULL::boolean AS resident, '{}'::text[] AS "knownRisks"
  FROM contact_subject s JOIN contact c ON c.id = s.contact_id`;

const HOUSEHOLD = `SELECT 'contact_household_member' AS "kind", h.id, h.contact_id AS "contactId", c.received_at AS "receivedAt", h.position, h.person_id AS "personId",
    h.first_name AS "firstName", h.last_name AS "lastName", h.aliases, h.date_of_birth::text AS "dateOfBirth", NULL::text AS "expectedDeliveryDate",
    h.sex, h.nhs_number AS "nhsNumber", h.postcode, NULL::text AS line1, NULL::text AS line2, NULL::text AS town, 'unknown'::text AS "addressType",
    h.relationship, h.parental_responsibility AS "parentalResponsibility", h.resident, h.known_risks AS "knownRisks"
  FROM contact_household_member h JOIN contact c ON c.id = h.contact_id`;

/** Every subject (first, in order) and household member of a contact. */
export async function loadContactSources(em: EntityManager, contactId: string): Promise<PersonSource[]> {
  return loadSourcesOfContacts(em, [contactId]);
}

/** Every subject and household member of these contacts: by contact, subjects first, each in order. */
export async function loadSourcesOfContacts(em: EntityManager, contactIds: string[]): Promise<PersonSource[]> {
  return preparedQuery(
    em,
    `SELECT ${COLUMNS} FROM (${SUBJECTS} WHERE s.contact_id = ANY($1::uuid[]) UNION ALL ${HOUSEHOLD} WHERE h.contact_id = ANY($1::uuid[])) x
      ORDER BY "contactId", "kind" DESC, position`,
    [contactIds],
  );
}

/** One source of a contact, or undefined when it is not on that contact (answered as 404). */
export async function loadSource(em: EntityManager, kind: MatchSourceKind, contactId: string, sourceId: string): Promise<PersonSource | undefined> {
  const sql = kind === 'contact_subject' ? `${SUBJECTS} WHERE s.contact_id = $1 AND s.id = $2` : `${HOUSEHOLD} WHERE h.contact_id = $1 AND h.id = $2`;
  const rows: PersonSource[] = await preparedQuery(em, `SELECT ${COLUMNS} FROM (${sql}) x`, [contactId, sourceId]);
  return rows[0];
}

/**
 * Serialises person-index work on a contact across processes (a retried triage job, a worker's link):
 * a transaction-scoped advisory lock, so no other module's row locks are involved. A batch takes
 * its contacts' locks in one statement, in one order (by lock id), so two batches sharing contacts
 * never wait on each other in a cycle.
 *
 * The same statement asks for generic plans for the rest of the transaction (SET LOCAL
 * plan_cache_mode): the people statements that follow are index-driven lookups whose best plan does
 * not depend on the values, and Postgres otherwise re-plans the picture and the candidate search on
 * every call (about 4 ms of planning for 0.5 ms of execution, measured with
 * pg_stat_statements.track_planning under bench:triage). Nothing outside the transaction is affected.
 */
export async function lockContacts(em: EntityManager, contactIds: string[]): Promise<void> {
  await preparedQuery(
    em,
    `SELECT set_config('plan_cache_mode', 'force_generic_plan', true),
       (SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT hashtextextended('people:' || c::text, 0) AS h FROM unnest($1::uuid[]) AS c ORDER BY h) AS ordered) AS locked`,
    [contactIds],
  );
}

export function lockContact(em: EntityManager, contactId: string): Promise<void> {
  return lockContacts(em, [contactId]);
}

/**
 * Holds, until the transaction ends, a lock on each identity key (domain/identity-keys.ts) of the
 * descriptions about to be matched. Taken in one order (by lock id) by every transaction, after the
 * contacts' locks and before any write, so two matchings never wait on each other in a cycle.
 *
 * Answers, in the same round trip, the Double Metaphone codes (primary and alternative) of the
 * surnames given: the keys the candidate search's name block looks names up by.
 */
export async function lockIdentities(em: EntityManager, keys: string[], surnames: string[] = []): Promise<Map<string, string[]>> {
  if (!keys.length && !surnames.length) return new Map();
  const [row] = await preparedQuery(
    em,
    `SELECT (SELECT count(pg_advisory_xact_lock(h))
               FROM (SELECT DISTINCT hashtextextended('person-identity:' || k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS ordered) AS locked,
            (SELECT coalesce(jsonb_object_agg(l, ARRAY[dmetaphone(l), dmetaphone_alt(l)]), '{}'::jsonb)
               FROM (SELECT DISTINCT l FROM unnest($2::text[]) AS l WHERE l <> '') AS names) AS sounds`,
    [keys, surnames],
  );
  return new Map(Object.entries(row.sounds as Record<string, string[]>).map(([name, codes]) => [name, codes.filter(Boolean)]));
}

export function sourceTable(kind: MatchSourceKind): 'contact_subject' | 'contact_household_member' {
  return kind === 'contact_subject' ? 'contact_subject' : 'contact_household_member';
}
