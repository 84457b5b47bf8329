import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChronologyEvent, contactSource } from '../../domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../../people-extensions';
import { PEOPLE_CONFIG, PeopleConfig } from '../../people-config.provider';

/**
 * Contacts in the chronology (SPEC PPL-5): one event per contact about the persons (as a subject or a
 * household member), dated by the earliest incident date where the referrer gave one. Key when a
 * concern is in chronology.keyConcernCategories or the referrer reported immediate risk.
 * Lives here until the contacts module takes it over; it plugs in like any other source.
 */
@Injectable()
@ChronologySourceProvider()
export class ContactEventsSource implements ChronologySource {
  readonly module = 'contacts';

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PEOPLE_CONFIG) private readonly config: PeopleConfig,
  ) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows: { id: string; reference: string; received_at: Date; channel: string; urgency: string | null; referrer_type: string; anonymous: boolean; agency_name: string | null; person_id: string; incident_date: string | null; categories: string[] }[] =
      await this.dataSource.query(
        `WITH hits AS (
           SELECT s.contact_id, s.person_id, s.id AS subject_id FROM contact_subject s WHERE s.person_id = ANY($1::uuid[])
           UNION ALL
           SELECT h.contact_id, h.person_id, NULL::uuid FROM contact_household_member h WHERE h.person_id = ANY($1::uuid[])
         )
         SELECT DISTINCT ON (c.id) c.id, c.reference, c.received_at, c.channel, c.urgency, c.referrer_type, c.anonymous, a.name AS agency_name, hits.person_id,
           cc.incident_date, cc.categories
         FROM hits JOIN contact c ON c.id = hits.contact_id LEFT JOIN agency a ON a.id = c.submitted_by_agency_id
         -- The concerns about this person (all of them when the person is a household member).
         CROSS JOIN LATERAL (
           SELECT min(x.incident_date)::text AS incident_date, coalesce(array_agg(DISTINCT x.category ORDER BY x.category), '{}') AS categories
           FROM contact_concern x WHERE x.contact_id = c.id AND (hits.subject_id IS NULL OR x.subject_ids = '{}' OR hits.subject_id = ANY(x.subject_ids))
         ) cc
         WHERE c.received_at <= $2
         ORDER BY c.id, hits.subject_id NULLS LAST`,
        [q.personIds, q.until],
      );
    const key = this.config.history.chronology.keyConcernCategories;
    return rows.map((r) => ({
      id: `contacts.contact.${r.id}`,
      personId: r.person_id,
      module: this.module,
      eventType: 'contact.received',
      eventDate: r.incident_date ?? r.received_at.toISOString(),
      recordedAt: r.received_at.toISOString(),
      sourceAgency: contactSource(r.agency_name, r.referrer_type, r.anonymous),
      keyEvent: r.urgency === 'immediate_risk' || r.categories.some((c) => key.includes(c)),
      summary: `Contact (${r.channel.replace(/_/g, ' ')}): ${r.categories.join(', ') || 'no concern recorded'}${r.urgency === 'immediate_risk' ? '; immediate risk reported' : ''}`,
      contactId: r.id,
      reference: r.reference,
    }));
  }
}
