import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import type { AddressSeen, AdultSeen, ChildContact, Closure, FamilyContact, Ledger, Transition } from '../domain/accumulation';
import { nameKey } from '../domain/names';
import { ADULT_TYPES, PARENT_TYPES, SIBLING_TYPES } from '../domain/relationships';

export interface LedgerRequest {
  personId: string | null;
  subjectId: string;
  contactId: string | null;
  anchor: Date;
  /** How far back each part is read: the child's own contacts, the family's contacts, addresses. */
  since: { child: Date; family: Date; addresses: Date };
  closureOutcomes: string[];
  /** The subject's own address, for a subject not yet linked to a person. */
  unlinkedAddressKey: string | null;
}

/**
 * Everything the accumulation flags and history facts read for one subject (SPEC PPL-4, RAG-2), in one
 * round trip: the child's contacts with their concerns, contacts about the family (the child, siblings,
 * half-siblings through a shared parent, linked adults), closing decisions, status transitions of the
 * child and siblings, the address history, the adults on the child's contacts, and the current
 * contact. Every part is an indexed lookup by person or contact id.
 *
 * Contacts are read one by one by id (LATERAL ... LIMIT 1, which the planner cannot flatten): the
 * statement runs with a generic plan (lockContacts), and as a plain join that plan scanned every
 * contact received in the window by date, so each grading read a whole year of contacts
 * (auto_explain under bench:triage).
 */
async function loadLedger(em: Pick<EntityManager, 'query'>, r: LedgerRequest): Promise<Ledger> {
  const [row] = await preparedQuery(em, 
    `WITH
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
          -- The reporting agency by name, so that a school's own account and a call from the school
          -- recorded by MASH staff are one agency; the public are no agency.
          CASE WHEN c.referrer_type IN ('professional', 'police', 'partner', 'mash_staff') THEN
            nullif(lower(btrim(coalesce((SELECT a.name FROM agency a WHERE a.id = c.submitted_by_agency_id AND c.referrer_type <> 'mash_staff'),
                                        (SELECT r.organisation FROM contact_referrer r WHERE r.contact_id = c.id)))), '')
          END AS agency_key
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
       WHERE $5::uuid IS NOT NULL) AS current`,
    [r.personId, r.subjectId, r.anchor, r.since.child, r.contactId, [...PARENT_TYPES], ADULT_TYPES, [...SIBLING_TYPES], r.closureOutcomes, r.since.family, r.since.addresses],
  );
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
  return {
    anchor: r.anchor,
    currentContactId: r.contactId,
    childPersonIds: row.me,
    siblingPersonIds: row.sibs,
    childContacts,
    familyContacts,
    closures,
    transitions,
    addresses,
    adults,
    current: row.current ?? null,
  };
}

/**
 * The ledgers of several subjects, in the order asked: one statement each. Read for all of them
 * in one statement (each request a LATERAL row), the generic plan took about 2 s for a child with
 * 500 events where this one takes milliseconds (bench:people).
 */
export async function loadLedgers(em: Pick<EntityManager, 'query'>, requests: LedgerRequest[]): Promise<Ledger[]> {
  const ledgers: Ledger[] = [];
  for (const r of requests) ledgers.push(await loadLedger(em, r));
  return ledgers;
}
