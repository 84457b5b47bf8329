import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
    private readonly dataSource: DataSource,
    @Inject(PEOPLE_CONFIG) private readonly config: PeopleConfig,
  ) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows: { id: string; person_id: string; from_level: string | null; to_level: string; effective_at: Date; created_at: Date; category_of_abuse: string | null; source: string; reference: string | null; agency_name: string | null }[] =
      await this.dataSource.query(
        `SELECT t.id, t.person_id, t.from_level, t.to_level, t.effective_at, t.created_at, t.category_of_abuse, t.source, t.reference, a.name AS agency_name
         FROM child_status_transition t
         LEFT JOIN app_user u ON u.id = t.decided_by_user_id
         LEFT JOIN agency a ON a.id = u.agency_id
         WHERE t.person_id = ANY($1::uuid[]) AND t.effective_at <= $2`,
        [q.personIds, q.until],
      );
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
