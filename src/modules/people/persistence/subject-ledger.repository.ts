import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import type { AddressSeen, AdultSeen, ChildContact, Closure, FamilyContact, Ledger, Transition } from '../domain/accumulation';
import { nameKey } from '../domain/names';
import { ADULT_TYPES, PARENT_TYPES, SIBLING_TYPES } from '../domain/relationships';

/**
 * A contact `c`'s reporting agency by name, so that a school's own account and a call from the school
 * recorded by MASH staff are one agency; the public are no agency. Both ledger statements read it.
 */
const AGENCY_KEY = `CASE WHEN c.referrer_type IN ('professional', 'police', 'partner', 'mash_staff') THEN
            nullif(lower(btrim(coalesce((SELECT a.name FROM agency a WHERE a.id = c.submitted_by_agency_id AND c.referrer_type <> 'mash_staff'),
                                        (SELECT rf.organisation FROM contact_referrer rf WHERE rf.contact_id = c.id)))), '')
          END AS agency_key`;

export interface LedgerRequest {
  personId: string | null;
  subjectId: string;
  contactId: string | null;
  anchor: Date;
  /** How far back each part is read: the child's own contacts, the family's contacts, addresses. */
  since: { child: Date; family: Date; addresses: Date };
  /** The subject's own address, for a subject not yet linked to a person. */
  unlinkedAddressKey: string | null;
}

/**
 * Everything the accumulation flags and history facts read for each subject (SPEC PPL-4, RAG-2), for
 * all the subjects asked in one statement (PERF-3): the child's contacts with their concerns,
 * contacts about the family (the child, siblings, half-siblings through a shared parent, linked
 * adults), closing decisions, status transitions of the child and siblings, the address history, the
 * adults on the child's contacts, and the current contact. Every part is an indexed lookup by person
 * or contact id, joined on the request's number (`i`), never a LATERAL subquery per request: as one
 * LATERAL row per request, the generic plan took about 2 s for a child with 500 events (bench:people).
 *
 * Contacts are read one by one by id (LATERAL ... LIMIT 1, which the planner cannot flatten): the
 * statement runs with a generic plan (lockContacts), and as a plain join that plan scanned every
 * contact received in the window by date, so each grading read a whole year of contacts
 * (auto_explain under bench:triage). Lists are ordered, so a ledger reads the same whatever else
 * was asked with it.
 */
const LEDGERS = `WITH
    r AS MATERIALIZED (
      SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::uuid[], $6::timestamptz[], $7::timestamptz[])
        WITH ORDINALITY AS r(person_id, subject_id, anchor, since_child, contact_id, since_family, since_addresses, i)
    ),
    me AS (
      SELECT i, person_id AS id FROM r WHERE person_id IS NOT NULL
      UNION SELECT r.i, p.id FROM r JOIN person p ON p.merged_into_id = r.person_id
    ),
    rel AS (SELECT me.i, pr.related_person_id AS id, pr.relationship FROM me JOIN person_relationship pr ON pr.person_id = me.id),
    parents AS (SELECT DISTINCT i, id FROM rel WHERE relationship = ANY($8::text[])),
    adults AS (SELECT DISTINCT i, id FROM rel WHERE relationship = ANY($9::text[])),
    sibs AS (
      SELECT s.i, s.id FROM (
        SELECT i, id FROM rel WHERE relationship = ANY($10::text[])
        UNION SELECT pa.i, pr.related_person_id FROM parents pa JOIN person_relationship pr ON pr.person_id = pa.id AND pr.relationship = 'child'
      ) s WHERE NOT EXISTS (SELECT 1 FROM me WHERE me.i = s.i AND me.id = s.id)
    ),
    family AS (SELECT i, id FROM me UNION SELECT i, id FROM sibs UNION SELECT i, id FROM adults),
    my_subjects AS (
      SELECT me.i, s.id, s.contact_id FROM me JOIN contact_subject s ON s.person_id = me.id
      UNION SELECT r.i, s.id, s.contact_id FROM r JOIN contact_subject s ON s.id = r.subject_id
    ),
    child_contacts AS (
      SELECT ms.i, c.id, c.received_at, c.agency_key,
        coalesce(jsonb_agg(jsonb_build_object('category', cc.category, 'incidentDate', cc.incident_date::text) ORDER BY cc.position, cc.id) FILTER (WHERE cc.id IS NOT NULL), '[]'::jsonb) AS concerns
      FROM my_subjects ms JOIN r ON r.i = ms.i
      CROSS JOIN LATERAL (
        SELECT c.id, c.received_at,
          ${AGENCY_KEY}
        FROM contact c WHERE c.id = ms.contact_id AND c.received_at <= r.anchor AND c.received_at >= r.since_child LIMIT 1) c
      LEFT JOIN contact_concern cc ON cc.contact_id = c.id AND (cc.subject_ids = '{}' OR ms.id = ANY(cc.subject_ids))
      GROUP BY ms.i, c.id, c.received_at, c.agency_key
    ),
    family_contact_ids AS (
      SELECT f.i, s.contact_id FROM family f JOIN contact_subject s ON s.person_id = f.id
      UNION SELECT f.i, h.contact_id FROM family f JOIN contact_household_member h ON h.person_id = f.id
      UNION SELECT i, contact_id FROM my_subjects
    ),
    family_contacts AS (
      SELECT f.i, c.id, c.received_at, coalesce(array_agg(DISTINCT cc.category) FILTER (WHERE cc.id IS NOT NULL), '{}') AS categories
      FROM family_contact_ids f JOIN r ON r.i = f.i
      CROSS JOIN LATERAL (SELECT c.id, c.received_at FROM contact c WHERE c.id = f.contact_id AND c.received_at <= r.anchor AND c.received_at >= r.since_family LIMIT 1) c
      LEFT JOIN contact_concern cc ON cc.contact_id = c.id
      GROUP BY f.i, c.id, c.received_at
    ),
    decisions AS (
      SELECT ms.i, d.id, d.contact_id, coalesce(d.final_at, d.decided_at) AS at, d.outcome
        FROM my_subjects ms JOIN threshold_decision d ON d.subject_id = ms.id WHERE d.status = 'final' AND d.outcome = ANY($11::text[])
      UNION SELECT me.i, d.id, d.contact_id, coalesce(d.final_at, d.decided_at), d.outcome
        FROM me JOIN threshold_decision d ON d.person_id = me.id WHERE d.status = 'final' AND d.outcome = ANY($11::text[])
    ),
    transitions AS (
      SELECT x.i, t.id, t.person_id, t.from_level, t.to_level, t.effective_at
      FROM (SELECT i, id FROM me UNION SELECT i, id FROM sibs) x JOIN child_status_transition t ON t.person_id = x.id
    ),
    addresses AS (
      SELECT me.i, a.id, coalesce(a.postcode_norm, lower(a.line1)) AS key, a.observed_at, a.contact_id
      FROM me JOIN r ON r.i = me.i JOIN person_address a ON a.person_id = me.id
      WHERE a.observed_at >= r.since_addresses AND a.observed_at <= r.anchor AND (a.postcode_norm IS NOT NULL OR a.line1 IS NOT NULL)
    ),
    adults_seen AS (
      SELECT cc.i, h.id, h.contact_id, h.person_id, h.first_name, h.last_name
      FROM (SELECT DISTINCT i, id FROM child_contacts) cc JOIN contact_household_member h ON h.contact_id = cc.id WHERE h.relationship = ANY($9::text[])
    )
    SELECT r.i,
      (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM me WHERE me.i = r.i) AS me,
      (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM sibs WHERE sibs.i = r.i) AS sibs,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('contactId', id, 'receivedAt', received_at, 'agencyKey', agency_key, 'concerns', concerns) ORDER BY received_at, id), '[]')
         FROM child_contacts x WHERE x.i = r.i) AS child_contacts,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('contactId', id, 'receivedAt', received_at, 'categories', categories) ORDER BY received_at, id), '[]')
         FROM family_contacts x WHERE x.i = r.i) AS family_contacts,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'contactId', contact_id, 'at', at, 'code', outcome) ORDER BY at, id), '[]')
         FROM decisions x WHERE x.i = r.i) AS decisions,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'personId', person_id, 'fromLevel', from_level, 'toLevel', to_level, 'effectiveAt', effective_at) ORDER BY effective_at, id), '[]')
         FROM transitions x WHERE x.i = r.i) AS transitions,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('key', key, 'observedAt', observed_at, 'contactId', contact_id) ORDER BY observed_at, id), '[]')
         FROM addresses x WHERE x.i = r.i) AS addresses,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('contactId', contact_id, 'personId', person_id, 'firstName', first_name, 'lastName', last_name) ORDER BY contact_id, id), '[]')
         FROM adults_seen x WHERE x.i = r.i) AS adults,
      (SELECT jsonb_build_object(
         'categories', (SELECT coalesce(jsonb_agg(DISTINCT cc.category), '[]') FROM contact_concern cc WHERE cc.contact_id = r.contact_id),
         'subjects', (SELECT coalesce(jsonb_agg(jsonb_build_object('dateOfBirth', s.date_of_birth::text, 'expectedDeliveryDate', s.expected_delivery_date::text) ORDER BY s.position), '[]')
                      FROM contact_subject s WHERE s.contact_id = r.contact_id))
       WHERE r.contact_id IS NOT NULL) AS current
    FROM r ORDER BY r.i`;

/**
 * One subject's ledger, the same parts as LEDGERS. A few subjects (a contact graded alone) read
 * theirs one statement each: LEDGERS' generic plan is made for a batch and joins by hashing whole
 * tables, about 8 ms for one subject where this takes under 2 ms (bench:triage database).
 */
const LEDGER_OF_ONE = `WITH
    me AS (
      SELECT $1::uuid AS id WHERE $1::uuid IS NOT NULL
      UNION SELECT id FROM person WHERE $1::uuid IS NOT NULL AND merged_into_id = $1::uuid
    ),
    rel AS (SELECT related_person_id AS id, relationship FROM person_relationship WHERE person_id IN (SELECT id FROM me)),
    parents AS (SELECT DISTINCT id FROM rel WHERE relationship = ANY($6::text[])),
    adults AS (SELECT DISTINCT id FROM rel WHERE relationship = ANY($7::text[])),
    sibs AS (
      SELECT id FROM (
        SELECT id FROM rel WHERE relationship = ANY($8::text[])
        UNION SELECT pr.related_person_id FROM person_relationship pr WHERE pr.person_id IN (SELECT id FROM parents) AND pr.relationship = 'child'
      ) s WHERE id NOT IN (SELECT id FROM me)
    ),
    family AS (SELECT id FROM me UNION SELECT id FROM sibs UNION SELECT id FROM adults),
    my_subjects AS (
      SELECT s.id, s.contact_id FROM contact_subject s WHERE s.person_id IN (SELECT id FROM me)
      UNION SELECT s.id, s.contact_id FROM contact_subject s WHERE s.id = $2::uuid
    ),
    child_contacts AS (
      SELECT c.id, c.received_at, c.agency_key,
        coalesce(jsonb_agg(jsonb_build_object('category', cc.category, 'incidentDate', cc.incident_date::text)) FILTER (WHERE cc.id IS NOT NULL), '[]'::jsonb) AS concerns
      FROM my_subjects ms
      CROSS JOIN LATERAL (
        SELECT c.id, c.received_at,
          ${AGENCY_KEY}
        FROM contact c WHERE c.id = ms.contact_id AND c.received_at <= $3 AND c.received_at >= $4::timestamptz LIMIT 1) c
      LEFT JOIN contact_concern cc ON cc.contact_id = c.id AND (cc.subject_ids = '{}' OR ms.id = ANY(cc.subject_ids))
      GROUP BY c.id, c.received_at, c.agency_key
    ),
    family_contact_ids AS (
      SELECT contact_id FROM contact_subject WHERE person_id IN (SELECT id FROM family)
      UNION SELECT contact_id FROM contact_household_member WHERE person_id IN (SELECT id FROM family)
      UNION SELECT contact_id FROM my_subjects
    ),
    family_contacts AS (
      SELECT c.id, c.received_at, coalesce(array_agg(DISTINCT cc.category) FILTER (WHERE cc.id IS NOT NULL), '{}') AS categories
      FROM family_contact_ids f
      CROSS JOIN LATERAL (SELECT c.id, c.received_at FROM contact c WHERE c.id = f.contact_id AND c.received_at <= $3 AND c.received_at >= $10::timestamptz LIMIT 1) c
      LEFT JOIN contact_concern cc ON cc.contact_id = c.id
      GROUP BY c.id, c.received_at
    )
    SELECT
      (SELECT coalesce(array_agg(id), '{}') FROM me) AS me,
      (SELECT coalesce(array_agg(id), '{}') FROM sibs) AS sibs,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('contactId', id, 'receivedAt', received_at, 'agencyKey', agency_key, 'concerns', concerns)), '[]') FROM child_contacts) AS child_contacts,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('contactId', id, 'receivedAt', received_at, 'categories', categories)), '[]') FROM family_contacts) AS family_contacts,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'contactId', d.contact_id, 'at', coalesce(d.final_at, d.decided_at), 'code', d.outcome)), '[]')
         FROM threshold_decision d
         WHERE (d.subject_id IN (SELECT id FROM my_subjects) OR d.person_id IN (SELECT id FROM me)) AND d.status = 'final' AND d.outcome = ANY($9::text[])) AS decisions,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'personId', t.person_id, 'fromLevel', t.from_level, 'toLevel', t.to_level, 'effectiveAt', t.effective_at)), '[]')
         FROM child_status_transition t WHERE t.person_id IN (SELECT id FROM me UNION SELECT id FROM sibs)) AS transitions,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('key', coalesce(a.postcode_norm, lower(a.line1)), 'observedAt', a.observed_at, 'contactId', a.contact_id)), '[]')
         FROM person_address a WHERE a.person_id IN (SELECT id FROM me) AND a.observed_at >= $11::timestamptz AND a.observed_at <= $3 AND (a.postcode_norm IS NOT NULL OR a.line1 IS NOT NULL)) AS addresses,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('contactId', h.contact_id, 'personId', h.person_id, 'firstName', h.first_name, 'lastName', h.last_name)), '[]')
         FROM contact_household_member h WHERE h.contact_id IN (SELECT id FROM child_contacts) AND h.relationship = ANY($7::text[])) AS adults,
      (SELECT jsonb_build_object(
         'categories', (SELECT coalesce(jsonb_agg(DISTINCT cc.category), '[]') FROM contact_concern cc WHERE cc.contact_id = $5::uuid),
         'subjects', (SELECT coalesce(jsonb_agg(jsonb_build_object('dateOfBirth', s.date_of_birth::text, 'expectedDeliveryDate', s.expected_delivery_date::text)), '[]')
                      FROM contact_subject s WHERE s.contact_id = $5::uuid))
       WHERE $5::uuid IS NOT NULL) AS current`;

/** Below this many subjects, one LEDGER_OF_ONE each costs less than LEDGERS for them all. */
const SET_FROM = 5;

/** The ledger of each subject asked, in the order asked. `closureOutcomes`: the final decisions that close a case. */
export async function loadLedgers(em: Pick<EntityManager, 'query'>, requests: LedgerRequest[], closureOutcomes: string[]): Promise<Ledger[]> {
  if (!requests.length) return [];
  if (requests.length < SET_FROM) {
    const ledgers: Ledger[] = [];
    for (const r of requests) {
      const [row] = await preparedQuery(em, LEDGER_OF_ONE, [r.personId, r.subjectId, r.anchor, r.since.child, r.contactId, [...PARENT_TYPES], ADULT_TYPES, [...SIBLING_TYPES], closureOutcomes, r.since.family, r.since.addresses]);
      ledgers.push(toLedger(row, r));
    }
    return ledgers;
  }
  const rows = await preparedQuery(em, LEDGERS, [
    requests.map((r) => r.personId),
    requests.map((r) => r.subjectId),
    requests.map((r) => r.anchor),
    requests.map((r) => r.since.child),
    requests.map((r) => r.contactId),
    requests.map((r) => r.since.family),
    requests.map((r) => r.since.addresses),
    [...PARENT_TYPES],
    ADULT_TYPES,
    [...SIBLING_TYPES],
    closureOutcomes,
  ]);
  return rows.map((row, i) => toLedger(row, requests[i]));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the statement's row, shaped by LEDGERS
function toLedger(row: any, r: LedgerRequest): Ledger {
  const date = (v: string) => new Date(v);
  const childContacts: ChildContact[] = row.child_contacts.map((c: { contactId: string; receivedAt: string; concerns: ChildContact['concerns'] }) => ({ ...c, receivedAt: date(c.receivedAt) }));
  const familyContacts: FamilyContact[] = row.family_contacts.map((c: { contactId: string; receivedAt: string; categories: string[] }) => ({ ...c, receivedAt: date(c.receivedAt) }));
  const transitions: Transition[] = row.transitions.map((t: Omit<Transition, 'effectiveAt'> & { effectiveAt: string }) => ({ ...t, effectiveAt: date(t.effectiveAt) }));
  const closures: Closure[] = [
    ...row.decisions.map((d: { id: string; contactId: string; at: string; code: string }) => ({ kind: 'decision' as const, id: d.id, contactId: d.contactId, at: date(d.at), code: d.code })),
    ...transitions
      .filter((t) => row.me.includes(t.personId) && t.fromLevel !== null && t.fromLevel !== t.toLevel)
      .map((t) => ({ kind: 'status_transition' as const, id: t.id, contactId: null, at: t.effectiveAt, code: t.toLevel })),
  ];
  const addresses: AddressSeen[] = row.addresses.map((a: { key: string; observedAt: string; contactId: string | null }) => ({ ...a, observedAt: date(a.observedAt) }));
  if (!r.personId && r.unlinkedAddressKey && r.contactId) addresses.push({ key: r.unlinkedAddressKey, observedAt: r.anchor, contactId: r.contactId });
  const adults: AdultSeen[] = row.adults.map((a: { contactId: string; personId: string | null; firstName: string | null; lastName: string | null }) => ({
    contactId: a.contactId,
    personId: a.personId,
    nameKey: nameKey(a.firstName, a.lastName),
  }));
  // In one order whichever statement read them (a tie in time would otherwise follow the plan).
  const byTime = <T>(at: (x: T) => Date, id: (x: T) => string) => (a: T, b: T) => at(a).getTime() - at(b).getTime() || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
  childContacts.sort(byTime((c) => c.receivedAt, (c) => c.contactId));
  familyContacts.sort(byTime((c) => c.receivedAt, (c) => c.contactId));
  transitions.sort(byTime((t) => t.effectiveAt, (t) => t.id));
  closures.sort(byTime((c) => c.at, (c) => `${c.kind}:${c.id}`));
  addresses.sort(byTime((a) => a.observedAt, (a) => `${a.key}:${a.contactId ?? ''}`));
  adults.sort((a, b) => (a.contactId + (a.personId ?? '') + (a.nameKey ?? '')).localeCompare(b.contactId + (b.personId ?? '') + (b.nameKey ?? '')));
  return {
    anchor: r.anchor,
    currentContactId: r.contactId,
    childPersonIds: [...row.me].sort(),
    siblingPersonIds: [...row.sibs].sort(),
    childContacts,
    familyContacts,
    closures,
    transitions,
    addresses,
    adults,
    current: row.current ?? null,
  };
}

