import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { computeFacts, computeFlags } from '../domain/accumulation';
import { monthsBefore, daysBefore } from '../domain/dates';
import type { HistoryConfig } from '../domain/people-config';
import { PEOPLE_CONFIG, PeopleConfig } from '../people-config.provider';
import type { AccumulationFlag, SubjectFacts } from '../people-for-triage';
import { loadLedger } from './subject-ledger.repository';

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
      Math.max(f.repeatContacts.withinMonths, f.repeatAllegation.withinMonths, f.wasNotBrought.withinMonths, f.newAdult.lookbackMonths),
      Math.max(f.missingEpisodes.withinDays, cfg.facts.selfHarm.withinDays),
    ),
    // Contacts about the family: DA notifications and "a family already known".
    family: earliest(Math.max(f.daNotifications.withinMonths, f.pregnancyOrBirth.lookbackMonths)),
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
    const [latest] = await em.query(
      `SELECT s.id, s.contact_id FROM contact_subject s JOIN contact c ON c.id = s.contact_id
       WHERE s.person_id = $1 AND c.received_at <= $2 ORDER BY c.received_at DESC, c.id DESC LIMIT 1`,
      [personId, now],
    );
    // A person never a subject (an adult) still has facts; the subject id matches nothing.
    return this.assess(em, { subjectId: latest?.id ?? '00000000-0000-0000-0000-000000000000', contactId: latest?.contact_id ?? null, personId, anchor: now });
  }

  /** Replaces the stored flags of a subject with these. */
  async store(em: EntityManager, s: { subjectId: string; contactId: string; personId: string | null }, flags: AccumulationFlag[], now: Date): Promise<void> {
    await em.query('DELETE FROM accumulation_flag WHERE subject_id = $1', [s.subjectId]);
    if (!flags.length) return;
    await em.query(
      `INSERT INTO accumulation_flag (subject_id, contact_id, person_id, rule_id, label, threshold, causing_contact_ids, evidence, config_version, computed_at)
       SELECT $1, $2, $3, r, l, t::jsonb, ARRAY(SELECT jsonb_array_elements_text(c::jsonb))::uuid[], e::jsonb, $9, $10
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(r, l, t, c, e)`,
      [
        s.subjectId,
        s.contactId,
        s.personId,
        flags.map((f) => f.ruleId),
        flags.map((f) => f.label),
        flags.map((f) => JSON.stringify(f.threshold)),
        flags.map((f) => JSON.stringify(f.causingContactIds)),
        flags.map((f) => JSON.stringify(f.evidence ?? [])),
        this.configVersion,
        now,
      ],
    );
  }
}
