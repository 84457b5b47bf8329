import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../database/unit-of-work';
import { chronologyRecords } from '../../persistence/chronology.repository';
import type { ChronologyEvent } from '../../domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../../people-extensions';
import { PEOPLE_CONFIG, PeopleConfig } from '../../people-config.provider';

/**
 * Threshold decisions in the chronology (SPEC PPL-5, DEC-1), from the decisions module's table. Source
 * agency: the decider's agency. Lives here until the decisions module takes it over.
 */
@Injectable()
@ChronologySourceProvider()
export class DecisionEventsSource implements ChronologySource {
  readonly module = 'decisions';

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(PEOPLE_CONFIG) private readonly config: PeopleConfig,
  ) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows = await this.uow.read((em) => chronologyRecords.decisions(em, q.personIds, q.until));
    const key = this.config.history.chronology.keyDecisionOutcomes;
    return rows.map((r) => ({
      id: `decisions.threshold_decision.${r.id}`,
      personId: r.person_id,
      module: this.module,
      eventType: 'decision.recorded',
      eventDate: r.decided_at.toISOString(),
      recordedAt: r.created_at.toISOString(),
      sourceAgency: r.agency_name,
      keyEvent: r.status !== 'superseded' && key.includes(r.outcome),
      summary: `Threshold decision: ${r.outcome.replace(/_/g, ' ')} (level ${r.threshold_level}, ${r.status.replace(/_/g, ' ')})`,
      contactId: r.contact_id,
      reference: r.reference,
    }));
  }
}
