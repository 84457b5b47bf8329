import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { KNOWN_RISKS } from '../../contacts/domain/contact-vocabulary';
import { normalizeName, normalizeNhsNumber, normalizePostcode, parseAlias } from '../domain/names';
import { relationshipsForContact } from '../domain/relationships';
import type { MatchMethod, MatchSourceKind, MatchStatus } from '../persistence/person-match.entity';
import { PERSON_FLAG_KINDS } from '../persistence/person-flag.entity';
import { loadSourcesOfPerson, PersonSource, sourceTable } from './person-source';

/** Known risks on a household member that become standing flags on the person (the rest stay on the contact). */
const RISKS_AS_FLAGS = KNOWN_RISKS.filter((r) => (PERSON_FLAG_KINDS as readonly string[]).includes(r));

/**
 * The writes behind a link, an unlink and a new person (SPEC PPL-1, PPL-2). Everything copied from a
 * contact into the person index carries the source's id, so an unlink or a merge moves or removes
 * exactly what that source brought, and the summary is recomputed from what remains. Callers run these
 * inside their transaction and write the audit event.
 */
@Injectable()
export class PersonIndexWriter {
  async createPerson(em: EntityManager, source: PersonSource): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO person (kind, first_name, last_name, date_of_birth, expected_delivery_date, sex, nhs_number, postcode)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [source.kind === 'contact_subject' ? 'child' : 'adult', source.firstName, source.lastName, source.dateOfBirth, source.expectedDeliveryDate, source.sex, normalizeNhsNumber(source.nhsNumber), source.postcode],
    );
    return row.id;
  }

  /** Points the source at the person and copies its names, address and known risks into the index. */
  async attach(em: EntityManager, source: PersonSource, personId: string): Promise<void> {
    await em.query(`UPDATE ${sourceTable(source.kind)} SET person_id = $2 WHERE id = $1`, [source.id, personId]);
    source.personId = personId;
    const names: { kind: string; first: string | null; last: string | null; firstNorm: string; lastNorm: string }[] = [];
    if (source.firstName || source.lastName) {
      names.push({ kind: 'primary', first: source.firstName, last: source.lastName, firstNorm: normalizeName(source.firstName), lastNorm: normalizeName(source.lastName) });
    }
    for (const alias of source.aliases ?? []) {
      const parts = parseAlias(alias, source.firstName);
      if (parts) names.push({ kind: 'alias', first: parts.first || null, last: parts.last || null, firstNorm: parts.first, lastNorm: parts.last });
    }
    if (names.length) {
      await em.query(
        `INSERT INTO person_name (person_id, kind, first_name, last_name, first_norm, last_norm, source_kind, source_id, contact_id, observed_at)
         SELECT $1, k, f, l, fn, ln, $6, $7, $8, $9 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $10::text[]) AS n(k, f, l, fn, ln)`,
        [
          personId,
          names.map((n) => n.kind),
          names.map((n) => n.first),
          names.map((n) => n.last),
          names.map((n) => n.firstNorm),
          source.kind,
          source.id,
          source.contactId,
          source.receivedAt,
          names.map((n) => n.lastNorm),
        ],
      );
    }
    if (source.postcode || source.line1) {
      await em.query(
        `INSERT INTO person_address (person_id, line1, line2, town, postcode, postcode_norm, address_type, from_date, source_kind, source_id, contact_id, observed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz::date, $9, $10, $11, $8)`,
        [personId, source.line1, source.line2, source.town, source.postcode, normalizePostcode(source.postcode), source.addressType, source.receivedAt, source.kind, source.id, source.contactId],
      );
    }
    const risks = (source.knownRisks ?? []).filter((r) => RISKS_AS_FLAGS.includes(r as never));
    if (risks.length) {
      await em.query(
        `INSERT INTO person_flag (person_id, kind, source_kind, source_id, contact_id, recorded_at)
         SELECT $1, k, $3, $4, $5, $6 FROM unnest($2::text[]) AS k`,
        [personId, risks, source.kind, source.id, source.contactId, source.receivedAt],
      );
    }
    await this.refreshSummary(em, personId);
  }

  /** Undoes `attach`: the source no longer points at the person, and what it brought is removed. */
  async detach(em: EntityManager, source: PersonSource): Promise<string | null> {
    const personId = source.personId;
    if (!personId) return null;
    await em.query(`UPDATE ${sourceTable(source.kind)} SET person_id = NULL WHERE id = $1`, [source.id]);
    source.personId = null;
    for (const table of ['person_name', 'person_address', 'person_flag']) {
      await em.query(`DELETE FROM ${table} WHERE source_id = $1 AND person_id = $2`, [source.id, personId]);
    }
    await this.refreshSummary(em, personId);
    return personId;
  }

  /**
   * The summary on `person` (name, date of birth, sex, NHS number, postcode): the newest value from
   * the linked sources. A person with no contact source (imported, or every source unlinked) keeps
   * what it has.
   */
  async refreshSummary(em: EntityManager, personId: string): Promise<void> {
    const sources = await loadSourcesOfPerson(em, personId);
    if (!sources.length) return;
    const newest = <T>(pick: (s: PersonSource) => T | null | undefined): T | null => {
      for (const s of sources) {
        const v = pick(s);
        if (v !== null && v !== undefined && v !== '') return v;
      }
      return null;
    };
    await em.query(
      `UPDATE person SET first_name = $2, last_name = $3, date_of_birth = $4, expected_delivery_date = $5, sex = $6, nhs_number = $7, postcode = $8, updated_at = now() WHERE id = $1`,
      [
        personId,
        newest((s) => s.firstName),
        newest((s) => s.lastName),
        newest((s) => s.dateOfBirth),
        newest((s) => s.expectedDeliveryDate),
        newest((s) => (s.sex === 'U' ? null : s.sex)) ?? 'U',
        newest((s) => normalizeNhsNumber(s.nhsNumber)),
        newest((s) => s.postcode),
      ],
    );
  }

  /** Rebuilds the relationships one contact states from its current links (domain/relationships.ts). */
  async rebuildRelationships(em: EntityManager, contactId: string, sources: PersonSource[], receivedAt: Date): Promise<void> {
    const rows = relationshipsForContact({
      subjects: sources.filter((s) => s.kind === 'contact_subject').map((s) => ({ personId: s.personId })),
      household: sources
        .filter((s) => s.kind === 'contact_household_member')
        .map((s) => ({ personId: s.personId, relationship: s.relationship ?? 'other', parentalResponsibility: s.parentalResponsibility ?? 'unknown', resident: s.resident })),
    });
    await em.query('DELETE FROM person_relationship WHERE source_contact_id = $1', [contactId]);
    if (!rows.length) return;
    await em.query(
      `INSERT INTO person_relationship (person_id, related_person_id, relationship, parental_responsibility, resident, valid_from, source_contact_id)
       SELECT p, r, t, pr, res, $6, $7 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[]) AS x(p, r, t, pr, res)
       ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.personId), rows.map((r) => r.relatedPersonId), rows.map((r) => r.relationship), rows.map((r) => r.parentalResponsibility), rows.map((r) => r.resident), receivedAt, contactId],
    );
  }

  /** Records how a source stands. The matcher inserts once (a retry finds the row); a worker's action overwrites it. */
  async recordMatch(
    em: EntityManager,
    m: { kind: MatchSourceKind; sourceId: string; contactId: string; status: MatchStatus; method: MatchMethod | null; personId: string | null; score: number | null; configVersion: string; at: Date; userId: string | null },
    overwrite: boolean,
  ): Promise<void> {
    await em.query(
      `INSERT INTO person_match (source_kind, source_id, contact_id, status, method, person_id, score, config_version, decided_at, decided_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (source_kind, source_id) DO ${overwrite ? 'UPDATE SET status = EXCLUDED.status, method = EXCLUDED.method, person_id = EXCLUDED.person_id, score = EXCLUDED.score, config_version = EXCLUDED.config_version, decided_at = EXCLUDED.decided_at, decided_by_user_id = EXCLUDED.decided_by_user_id' : 'NOTHING'}`,
      [m.kind, m.sourceId, m.contactId, m.status, m.method, m.personId, m.score, m.configVersion, m.at, m.userId],
    );
  }
}
