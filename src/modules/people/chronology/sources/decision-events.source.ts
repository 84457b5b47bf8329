import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
    private readonly dataSource: DataSource,
    @Inject(PEOPLE_CONFIG) private readonly config: PeopleConfig,
  ) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows: { id: string; contact_id: string; reference: string; outcome: string; threshold_level: number; status: string; decided_at: Date; created_at: Date; person_id: string; agency_name: string | null }[] =
      await this.dataSource.query(
        `SELECT d.id, d.contact_id, c.reference, d.outcome, d.threshold_level, d.status, d.decided_at, d.created_at, coalesce(s.person_id, d.person_id) AS person_id, a.name AS agency_name
         FROM threshold_decision d
         JOIN contact_subject s ON s.id = d.subject_id
         JOIN contact c ON c.id = d.contact_id
         LEFT JOIN app_user u ON u.id = d.decided_by_user_id
         LEFT JOIN agency a ON a.id = u.agency_id
         WHERE (s.person_id = ANY($1::uuid[]) OR d.person_id = ANY($1::uuid[])) AND d.decided_at <= $2`,
        [q.personIds, q.until],
      );
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
