import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../database/unit-of-work';
import type { ChronologyEvent } from '../../domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../../people-extensions';
import { chronologyRecords } from '../../persistence/chronology.repository';

/** Feedback in the chronology (SPEC PPL-5, FB-1): each message sent to a referrer or involved agency, when it went. */
@Injectable()
@ChronologySourceProvider()
export class FeedbackEventsSource implements ChronologySource {
  readonly module = 'feedback';

  constructor(private readonly uow: UnitOfWork) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows = await this.uow.read((em) => chronologyRecords.feedback(em, q.personIds, q.until));
    const words = (v: string) => v.replace(/_/g, ' ');
    return rows.map((r) => ({
      id: `feedback.feedback.${r.id}.${r.person_id}`,
      personId: r.person_id,
      module: this.module,
      eventType: 'feedback.sent',
      eventDate: r.sent_at.toISOString(),
      recordedAt: r.sent_at.toISOString(),
      sourceAgency: 'MASH',
      keyEvent: false,
      summary: `Feedback sent (${words(r.kind)}) to ${r.recipient_agency ?? words(r.audience)}`,
      contactId: r.contact_id,
      reference: r.reference,
    }));
  }
}
