import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { computeFacts, computeFlags } from '../domain/accumulation';
import { monthsBefore, daysBefore } from '../domain/dates';
import type { HistoryConfig } from '../domain/people-config';
import { PEOPLE_CONFIG, PeopleConfig } from '../people-config.provider';
import type { AccumulationFlag, SubjectFacts } from '../people-for-triage';
import { accumulationFlags } from '../persistence/accumulation-flag.repository';
import { loadLedgers } from '../persistence/subject-ledger.repository';

export interface SubjectToAssess {
  subjectId: string;
  contactId: string | null;
  personId: string | null;
  anchor: Date;
  unlinkedAddressKey?: string | null;
}

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

  async assess(em: Pick<EntityManager, 'query'>, s: SubjectToAssess): Promise<SubjectAssessment> {
    const [assessment] = await this.assessMany(em, [s]);
    return assessment;
  }

  /** `assess` for several subjects, in the order given. */
  async assessMany(em: Pick<EntityManager, 'query'>, subjects: SubjectToAssess[]): Promise<SubjectAssessment[]> {
    const cfg = this.config.history;
    const ledgers = await loadLedgers(
      em,
      subjects.map((s) => ({
        personId: s.personId,
        subjectId: s.subjectId,
        contactId: s.contactId,
        anchor: s.anchor,
        since: windows(s.anchor, cfg),
        unlinkedAddressKey: s.unlinkedAddressKey ?? null,
      })),
      cfg.flags.recontactAfterClosure.outcomes,
    );
    return ledgers.map((ledger) => ({ flags: computeFlags(ledger, cfg), facts: computeFacts(ledger, cfg) }));
  }

  /** On demand for a person (GET /people/{id}): as of now, against the child's latest contact. */
  async assessPerson(em: Pick<EntityManager, 'query'>, personId: string, now: Date): Promise<SubjectAssessment> {
    const latest = await accumulationFlags.latestSubject(em, personId, now);
    // A person never a subject (an adult) still has facts; the subject id matches nothing.
    return this.assess(em, { subjectId: latest?.id ?? '00000000-0000-0000-0000-000000000000', contactId: latest?.contact_id ?? null, personId, anchor: now });
  }

  /** Replaces the stored flags of each subject given with its new set (rows in subject order: see STORE_FLAGS). */
  async store(em: EntityManager, subjects: { subjectId: string; contactId: string; personId: string | null; flags: AccumulationFlag[] }[], now: Date): Promise<void> {
    if (!subjects.length) return;
    const ordered = [...subjects].sort((a, b) => a.subjectId.localeCompare(b.subjectId));
    const rows = ordered.flatMap((s) =>
      s.flags.map((f) => ({
        subject_id: s.subjectId, contact_id: s.contactId, person_id: s.personId, rule_id: f.ruleId, label: f.label, threshold: f.threshold,
        causing_contact_ids: f.causingContactIds, evidence: f.evidence ?? [],
      })),
    );
    await accumulationFlags.store(em, rows, ordered.map((s) => s.subjectId), this.configVersion, now);
  }
}
