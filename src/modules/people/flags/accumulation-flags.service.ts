import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import { computeFacts, computeFlags } from '../domain/accumulation';
import { monthsBefore, daysBefore } from '../domain/dates';
import type { HistoryConfig } from '../domain/people-config';
import { PEOPLE_CONFIG, PeopleConfig } from '../people-config.provider';
import type { AccumulationFlag, SubjectFacts } from '../people-for-triage';
import { loadLedger } from '../persistence/subject-ledger.repository';

export interface SubjectAssessment {
  flags: AccumulationFlag[];
  facts: SubjectFacts;
}

/** How far back each part of the ledger must be read for the configured flags and facts. */
function windows(anchor: Date, cfg: HistoryConfig): { child: Date; family: Date; addresses: Date } {
  const f = cfg.flags;
  const earliest = (months: number, days = 0) => {
    const a = monthsBefore(anchor, months);
    const b = daysBefore(anchor, days);
    return a < b ? a : b;
  };
  return {
    // The child's own contacts: every child-level window (closures are read without a window).
    child: earliest(
      Math.max(f.repeatContacts.withinMonths, f.repeatAllegation.withinMonths, f.wasNotBrought.withinMonths, f.newAdult.lookbackMonths, cfg.facts.neglectAgencies.withinMonths),
      Math.max(f.missingEpisodes.withinDays, cfg.facts.selfHarm.withinDays),
    ),
    // Contacts about the family: DA notifications and "a family already known".
    family: earliest(Math.max(f.daNotifications.withinMonths, f.pregnancyOrBirth.lookbackMonths, f.cumulativeHarm.withinMonths)),
    addresses: earliest(f.frequentMover.withinMonths),
  };
}

/**
 * Accumulation flags (SPEC PPL-4) and history facts for a subject, when a contact is triaged and on
 * demand. Stored per subject (accumulation_flag) with rule id, threshold and causing contacts.
 */
@Injectable()
export class AccumulationFlagsService {
  constructor(@Inject(PEOPLE_CONFIG) private readonly config: PeopleConfig) {}

  get configVersion(): string {
    return this.config.history.version;
  }

  async assess(em: Pick<EntityManager, 'query'>, s: { subjectId: string; contactId: string | null; personId: string | null; anchor: Date; unlinkedAddressKey?: string | null }): Promise<SubjectAssessment> {
    const cfg = this.config.history;
    const ledger = await loadLedger(em, {
      personId: s.personId,
      subjectId: s.subjectId,
      contactId: s.contactId,
      anchor: s.anchor,
      since: windows(s.anchor, cfg),
      closureOutcomes: cfg.flags.recontactAfterClosure.outcomes,
      unlinkedAddressKey: s.unlinkedAddressKey ?? null,
    });
    return { flags: computeFlags(ledger, cfg), facts: computeFacts(ledger, cfg) };
  }

  /** On demand for a person (GET /people/{id}): as of now, against the child's latest contact. */
  async assessPerson(em: Pick<EntityManager, 'query'>, personId: string, now: Date): Promise<SubjectAssessment> {
    const [latest] = await preparedQuery(em, 
      `SELECT s.id, s.contact_id FROM contact_subject s JOIN contact c ON c.id = s.contact_id
       WHERE s.person_id = $1 AND c.received_at <= $2 ORDER BY c.received_at DESC, c.id DESC LIMIT 1`,
      [personId, now],
    );
    // A person never a subject (an adult) still has facts; the subject id matches nothing.
    return this.assess(em, { subjectId: latest?.id ?? '00000000-0000-0000-0000-000000000000', contactId: latest?.contact_id ?? null, personId, anchor: now });
  }

  /**
   * Replaces the stored flags of each subject given with its new set, in one statement: flags still
   * raised are updated in place, new ones inserted, and those no longer raised deleted (the two sets
   * of rows are disjoint, so the statement never meets its own unique key).
   */
  async store(em: EntityManager, subjects: { subjectId: string; contactId: string; personId: string | null; flags: AccumulationFlag[] }[], now: Date): Promise<void> {
    if (!subjects.length) return;
    const rows = subjects.flatMap((s) =>
      s.flags.map((f) => ({
        subject_id: s.subjectId, contact_id: s.contactId, person_id: s.personId, rule_id: f.ruleId, label: f.label, threshold: f.threshold,
        causing_contact_ids: f.causingContactIds, evidence: f.evidence ?? [],
      })),
    );
    await preparedQuery(em, STORE_FLAGS, [JSON.stringify(rows), subjects.map((s) => s.subjectId), this.configVersion, now]);
  }
}

const STORE_FLAGS = `WITH x AS (SELECT * FROM jsonb_populate_recordset(NULL::accumulation_flag, $1::jsonb)),
  up AS (
    INSERT INTO accumulation_flag (subject_id, contact_id, person_id, rule_id, label, threshold, causing_contact_ids, evidence, config_version, computed_at)
    SELECT subject_id, contact_id, person_id, rule_id, label, threshold, causing_contact_ids, evidence, $3, $4 FROM x
    ON CONFLICT (subject_id, rule_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, person_id = EXCLUDED.person_id, label = EXCLUDED.label,
      threshold = EXCLUDED.threshold, causing_contact_ids = EXCLUDED.causing_contact_ids, evidence = EXCLUDED.evidence,
      config_version = EXCLUDED.config_version, computed_at = EXCLUDED.computed_at),
  gone AS (
    DELETE FROM accumulation_flag f WHERE f.subject_id = ANY($2::uuid[])
      AND NOT EXISTS (SELECT 1 FROM x WHERE x.subject_id = f.subject_id AND x.rule_id = f.rule_id))
  SELECT 1 AS stored`;
