import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../database/unit-of-work';
import { chronologyRecords } from '../../persistence/chronology.repository';
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
    private readonly uow: UnitOfWork,
    @Inject(PEOPLE_CONFIG) private readonly config: PeopleConfig,
  ) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows = await this.uow.read((em) => chronologyRecords.contacts(em, q.personIds, q.until));
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
