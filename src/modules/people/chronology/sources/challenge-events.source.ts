import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../database/unit-of-work';
import type { ChronologyEvent } from '../../domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../../people-extensions';
import { chronologyRecords } from '../../persistence/chronology.repository';

/**
 * Challenges in the chronology (SPEC PPL-5, ESC-1): raised by an agency, escalated stage by stage,
 * answered. All key: a professional disagreed with the MASH about this child.
 */
@Injectable()
@ChronologySourceProvider()
export class ChallengeEventsSource implements ChronologySource {
  readonly module = 'challenges';

  constructor(private readonly uow: UnitOfWork) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows = await this.uow.read((em) => chronologyRecords.challenges(em, q.personIds, q.until));
    const words = (v: string) => v.replace(/_/g, ' ');
    return rows.map((r) => ({
      id: `challenges.challenge_event.${r.id}.${r.person_id}`,
      personId: r.person_id,
      module: this.module,
      eventType: `challenge.${r.kind}`,
      eventDate: r.at.toISOString(),
      recordedAt: r.at.toISOString(),
      sourceAgency: r.kind === 'raised' ? (r.challenger_agency ?? r.actor_agency) : (r.actor_agency ?? 'MASH'),
      keyEvent: true,
      summary: `Challenge of a ${words(r.target_type)} ${words(r.kind)}${r.stage_key ? ` (stage: ${words(r.stage_key)})` : ''}${r.kind === 'responded' && r.outcome ? `: ${words(r.outcome)}` : ''}`,
      contactId: r.contact_id,
      reference: r.reference,
    }));
  }
}
