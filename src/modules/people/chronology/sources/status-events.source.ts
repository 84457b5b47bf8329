import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../database/unit-of-work';
import { chronologyRecords } from '../../persistence/chronology.repository';
import type { ChronologyEvent } from '../../domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../../people-extensions';
import { PEOPLE_CONFIG, PeopleConfig } from '../../people-config.provider';

/**
 * Changes of a child's level in the chronology (SPEC PPL-5, STEP-1): step-ups and step-downs, CP plans
 * started and ended, from the step-downs module's transition table. Key when the child moves into or
 * out of a level in chronology.keyLevels. Lives here until the step-downs module takes it over.
 */
@Injectable()
@ChronologySourceProvider()
export class StatusEventsSource implements ChronologySource {
  readonly module = 'step-downs';

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(PEOPLE_CONFIG) private readonly config: PeopleConfig,
  ) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows = await this.uow.read((em) => chronologyRecords.statusTransitions(em, q.personIds, q.until));
    const key = this.config.history.chronology.keyLevels;
    const words = (l: string | null) => (l ?? 'none').replace(/_/g, ' ');
    return rows.map((r) => ({
      id: `step-downs.child_status_transition.${r.id}`,
      personId: r.person_id,
      module: this.module,
      eventType: 'status.changed',
      eventDate: r.effective_at.toISOString(),
      recordedAt: r.created_at.toISOString(),
      sourceAgency: r.agency_name ?? (r.source === 'external' ? "Children's social care (case system)" : 'MASH'),
      keyEvent: key.includes(r.to_level) || (r.from_level !== null && key.includes(r.from_level)),
      summary: `Level: ${words(r.from_level)} -> ${words(r.to_level)}${r.category_of_abuse ? ` (${r.category_of_abuse})` : ''}`,
      contactId: null,
      reference: r.reference,
    }));
  }
}
