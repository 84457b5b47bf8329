import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { insertRows } from '../../../database/insert-rows';
import { preparedQuery } from '../../../database/prepared-query';
import { replaceContactRelationships } from './relationship.repository';
import { KNOWN_RISKS } from '../../contacts/domain/contact-vocabulary';
import { normalizeName, normalizeNhsNumber, normalizePostcode, parseAlias } from '../domain/names';
import { RelationshipRow, relationshipsForContact } from '../domain/relationships';
import type { MatchMethod, MatchSourceKind, MatchStatus } from '../domain/people-vocabulary';
import { PERSON_FLAG_KINDS } from '../domain/people-vocabulary';
import { PersonSource, sourceTable } from './person-source.repository';

/** Known risks on a household member that become standing flags on the person (the rest stay on the contact). */
const RISKS_AS_FLAGS = KNOWN_RISKS.filter((r) => (PERSON_FLAG_KINDS as readonly string[]).includes(r));

/** How a source stands after matching (person_match). */
export interface MatchRecord {
  kind: MatchSourceKind;
  sourceId: string;
  contactId: string;
  status: MatchStatus;
  method: MatchMethod | null;
  personId: string | null;
  score: number | null;
  configVersion: string;
  at: Date;
  userId: string | null;
}

/** The person-index writes of one contact's matching, applied together by `write`. */
export interface IndexWrites {
  /** Persons to create, each described by the source it comes from (its id chosen by the caller). */
  newPersons: { id: string; source: PersonSource }[];
  /** Sources to point at a person (new or existing), copying their names, address and known risks into the index. */
  links: { source: PersonSource; personId: string }[];
  /** person_match rows, inserted once (a source matched before keeps its row). */
  matches: MatchRecord[];
  /** Possible matches offered to a worker. */
  candidates: { source: PersonSource; personId: string; score: number; features: Record<string, unknown> }[];
}

/**
 * Points sources at their persons. The id list is also given as `= ANY(ARRAY(...))`, which the
 * planner answers from the primary key: joined to the jsonb rows alone (estimated at 100), the generic
 * plan (lockContact) hashed them against a scan of the whole table, once per graded contact.
 */
const linkSources = (table: string, key: string) =>
  `UPDATE ${table} t SET person_id = x.person_id FROM jsonb_to_recordset($1::jsonb -> '${key}') AS x(source_id uuid, person_id uuid)
    WHERE t.id = x.source_id AND t.id = ANY (ARRAY(SELECT (e ->> 'source_id')::uuid FROM jsonb_array_elements($1::jsonb -> '${key}') e))`;

/**
 * Every write of `IndexWrites` in one statement: one round trip however many children and adults
 * the contact has (PERF-3). Foreign keys are checked at the end of the statement, so names and
 * addresses may point at persons created by the same statement.
 */
const WRITE = `WITH
  p AS (${insertRows('person', ['id', 'kind', 'first_name', 'last_name', 'date_of_birth', 'expected_delivery_date', 'sex', 'nhs_number', 'postcode'], 'persons')}),
  s AS (${linkSources('contact_subject', 'subjectLinks')}),
  h AS (${linkSources('contact_household_member', 'householdLinks')}),
  n AS (${insertRows('person_name', ['person_id', 'kind', 'first_name', 'last_name', 'first_norm', 'last_norm', 'source_kind', 'source_id', 'contact_id', 'observed_at'], 'names')}),
  a AS (${insertRows('person_address', ['person_id', 'line1', 'line2', 'town', 'postcode', 'postcode_norm', 'address_type', 'from_date', 'source_kind', 'source_id', 'contact_id', 'observed_at'], 'addresses', undefined, { from_date: 'x.observed_at::date' })}),
  f AS (${insertRows('person_flag', ['person_id', 'kind', 'source_kind', 'source_id', 'contact_id', 'recorded_at'], 'flags')}),
  m AS (${insertRows('person_match', ['source_kind', 'source_id', 'contact_id', 'status', 'method', 'person_id', 'score', 'config_version', 'decided_at', 'decided_by_user_id'], 'matches')}
        ON CONFLICT (source_kind, source_id) DO NOTHING),
  c AS (${insertRows('person_match_candidate', ['source_kind', 'source_id', 'contact_id', 'person_id', 'score', 'features'], 'candidates')}
        ON CONFLICT (source_kind, source_id, person_id) DO NOTHING)
  SELECT 1 AS written`;

/**
 * The summary on person (name, date of birth, sex, NHS number, postcode) of each person given: the
 * newest non-empty value of each field over the contact subjects and household members linked to
 * it. A person with no linked source (imported, or every source unlinked) keeps what it has. The
 * rows are locked first in id order, so two batches updating the same persons never deadlock.
 */
const REFRESH_SUMMARIES = `WITH locked AS MATERIALIZED (SELECT id FROM person WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE),
  src AS (
    SELECT s.person_id, c.received_at, s.id, s.first_name, s.last_name, s.date_of_birth, s.expected_delivery_date, s.sex, s.nhs_number, s.postcode
      FROM contact_subject s JOIN contact c ON c.id = s.contact_id WHERE s.person_id = ANY($1::uuid[])
    UNION ALL
    SELECT h.person_id, c.received_at, h.id, h.first_name, h.last_name, h.date_of_birth, NULL::date, h.sex, h.nhs_number, h.postcode
      FROM contact_household_member h JOIN contact c ON c.id = h.contact_id WHERE h.person_id = ANY($1::uuid[])
  ),
  newest AS (
    SELECT person_id,
      (array_agg(first_name ORDER BY received_at DESC, id) FILTER (WHERE first_name <> ''))[1] AS first_name,
      (array_agg(last_name ORDER BY received_at DESC, id) FILTER (WHERE last_name <> ''))[1] AS last_name,
      (array_agg(date_of_birth ORDER BY received_at DESC, id) FILTER (WHERE date_of_birth IS NOT NULL))[1] AS date_of_birth,
      (array_agg(expected_delivery_date ORDER BY received_at DESC, id) FILTER (WHERE expected_delivery_date IS NOT NULL))[1] AS expected_delivery_date,
      (array_agg(sex ORDER BY received_at DESC, id) FILTER (WHERE sex <> 'U'))[1] AS sex,
      -- the NHS number as normalizeNhsNumber (domain/names.ts) reads it: ten digits once spaces and dashes are gone
      (array_agg(regexp_replace(nhs_number, '[[:space:]-]', '', 'g') ORDER BY received_at DESC, id) FILTER (WHERE regexp_replace(nhs_number, '[[:space:]-]', '', 'g') ~ '^[0-9]{10}$'))[1] AS nhs_number,
      (array_agg(postcode ORDER BY received_at DESC, id) FILTER (WHERE postcode <> ''))[1] AS postcode
    FROM src GROUP BY person_id
  )
  UPDATE person p SET first_name = n.first_name, last_name = n.last_name, date_of_birth = n.date_of_birth, expected_delivery_date = n.expected_delivery_date,
    sex = coalesce(n.sex, 'U'), nhs_number = n.nhs_number, postcode = n.postcode, updated_at = now()
  FROM newest n WHERE p.id = n.person_id AND n.person_id IN (SELECT id FROM locked)`;

/** The relationships a contact's sources state, from their current links. */
export function statedRelationships(sources: PersonSource[]): RelationshipRow[] {
  return relationshipsForContact({
    subjects: sources.filter((s) => s.kind === 'contact_subject').map((s) => ({ personId: s.personId })),
    household: sources
      .filter((s) => s.kind === 'contact_household_member')
      .map((s) => ({ personId: s.personId, relationship: s.relationship ?? 'other', parentalResponsibility: s.parentalResponsibility ?? 'unknown', resident: s.resident })),
  });
}

/** The person-index rows a source brings to the person it is linked to: its names and aliases, address and standing risks. */
function indexRows(source: PersonSource, personId: string) {
  const from = { source_kind: source.kind, source_id: source.id, contact_id: source.contactId };
  const names: Record<string, unknown>[] = [];
  if (source.firstName || source.lastName) {
    names.push({ person_id: personId, kind: 'primary', first_name: source.firstName, last_name: source.lastName, first_norm: normalizeName(source.firstName), last_norm: normalizeName(source.lastName), ...from, observed_at: source.receivedAt });
  }
  for (const alias of source.aliases ?? []) {
    const parts = parseAlias(alias, source.firstName);
    if (parts) names.push({ person_id: personId, kind: 'alias', first_name: parts.first || null, last_name: parts.last || null, first_norm: parts.first, last_norm: parts.last, ...from, observed_at: source.receivedAt });
  }
  const addresses =
    source.postcode || source.line1
      ? [{ person_id: personId, line1: source.line1, line2: source.line2, town: source.town, postcode: source.postcode, postcode_norm: normalizePostcode(source.postcode), address_type: source.addressType, ...from, observed_at: source.receivedAt }]
      : [];
  const flags = (source.knownRisks ?? []).filter((r) => RISKS_AS_FLAGS.includes(r as never)).map((kind) => ({ person_id: personId, kind, ...from, recorded_at: source.receivedAt }));
  return { names, addresses, flags };
}

/**
 * The writes behind a link, an unlink and a new person (SPEC PPL-1, PPL-2). Everything copied from a
 * contact into the person index carries the source's id, so an unlink or a merge moves or removes
 * exactly what that source brought, and the summary is recomputed from what remains. Callers run these
 * inside their transaction and write the audit event.
 */
@Injectable()
export class PersonIndexRepository {
  async createPerson(em: EntityManager, source: PersonSource): Promise<string> {
    const id = randomUUID();
    await this.write(em, { newPersons: [{ id, source }], links: [], matches: [], candidates: [] });
    return id;
  }

  /** Points the source at the person and copies its names, address and known risks into the index. */
  async attach(em: EntityManager, source: PersonSource, personId: string): Promise<void> {
    await this.write(em, { newPersons: [], links: [{ source, personId }], matches: [], candidates: [] });
    await this.refreshSummaries(em, [personId]);
  }

  /**
   * Applies a contact's matching in one statement. A new person's summary is its source's own
   * values, so only persons that existed before need `refreshSummaries` afterwards.
   */
  async write(em: EntityManager, w: IndexWrites): Promise<void> {
    if (!w.newPersons.length && !w.links.length && !w.matches.length && !w.candidates.length) return;
    const linkOf = (l: IndexWrites['links'][number]) => ({ source_id: l.source.id, person_id: l.personId });
    const copied = w.links.map((l) => indexRows(l.source, l.personId));
    const body = {
      persons: w.newPersons.map(({ id, source }) => ({
        id, kind: source.kind === 'contact_subject' ? 'child' : 'adult', first_name: source.firstName, last_name: source.lastName, date_of_birth: source.dateOfBirth,
        expected_delivery_date: source.expectedDeliveryDate, sex: source.sex, nhs_number: normalizeNhsNumber(source.nhsNumber), postcode: source.postcode,
      })),
      subjectLinks: w.links.filter((l) => l.source.kind === 'contact_subject').map(linkOf),
      householdLinks: w.links.filter((l) => l.source.kind !== 'contact_subject').map(linkOf),
      names: copied.flatMap((c) => c.names),
      addresses: copied.flatMap((c) => c.addresses),
      flags: copied.flatMap((c) => c.flags),
      matches: w.matches.map((m) => ({
        source_kind: m.kind, source_id: m.sourceId, contact_id: m.contactId, status: m.status, method: m.method, person_id: m.personId, score: m.score,
        config_version: m.configVersion, decided_at: m.at, decided_by_user_id: m.userId,
      })),
      candidates: w.candidates.map((c) => ({ source_kind: c.source.kind, source_id: c.source.id, contact_id: c.source.contactId, person_id: c.personId, score: c.score, features: c.features })),
    };
    await preparedQuery(em, WRITE, [JSON.stringify(body)]);
    for (const l of w.links) l.source.personId = l.personId;
  }

  /** Recomputes the summaries of these persons from their linked sources, in one statement. */
  async refreshSummaries(em: EntityManager, personIds: string[]): Promise<void> {
    if (personIds.length) await preparedQuery(em, REFRESH_SUMMARIES, [personIds]);
  }

  /** Undoes `attach`: the source no longer points at the person, and what it brought is removed. */
  async detach(em: EntityManager, source: PersonSource): Promise<string | null> {
    const personId = source.personId;
    if (!personId) return null;
    await preparedQuery(em, `UPDATE ${sourceTable(source.kind)} SET person_id = NULL WHERE id = $1`, [source.id]);
    source.personId = null;
    for (const table of ['person_name', 'person_address', 'person_flag']) {
      await preparedQuery(em, `DELETE FROM ${table} WHERE source_id = $1 AND person_id = $2`, [source.id, personId]);
    }
    await this.refreshSummaries(em, [personId]);
    return personId;
  }

  /**
   * Rebuilds the relationships each contact states from its current links (domain/relationships.ts),
   * in one statement. Rows a contact stated before keep their dates; new ones start at its `validFrom`.
   */
  async rebuildRelationships(em: EntityManager, contacts: { contactId: string; sources: PersonSource[]; validFrom: Date }[]): Promise<void> {
    await replaceContactRelationships(em, contacts.map((c) => ({ contactId: c.contactId, rows: statedRelationships(c.sources), validFrom: c.validFrom })));
  }

  /** Records how a source stands. The matcher inserts once (a retry finds the row); a worker's action overwrites it. */
  async recordMatch(
    em: EntityManager,
    m: MatchRecord,
    overwrite: boolean,
  ): Promise<void> {
    await preparedQuery(em, 
      `INSERT INTO person_match (source_kind, source_id, contact_id, status, method, person_id, score, config_version, decided_at, decided_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (source_kind, source_id) DO ${overwrite ? 'UPDATE SET status = EXCLUDED.status, method = EXCLUDED.method, person_id = EXCLUDED.person_id, score = EXCLUDED.score, config_version = EXCLUDED.config_version, decided_at = EXCLUDED.decided_at, decided_by_user_id = EXCLUDED.decided_by_user_id' : 'NOTHING'}`,
      [m.kind, m.sourceId, m.contactId, m.status, m.method, m.personId, m.score, m.configVersion, m.at, m.userId],
    );
  }
}
