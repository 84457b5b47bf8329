import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../database/unit-of-work';
import type { ChronologyEvent } from '../../domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../../people-extensions';
import { chronologyRecords } from '../../persistence/chronology.repository';

/**
 * Agency checks in the chronology (SPEC PPL-5, CHK-1): when each was requested, and when the agency
 * answered (returned, declined, unable) or a manager waived it. A declined or waived check is key: a
 * conference asks what was not known.
 */
@Injectable()
@ChronologySourceProvider()
export class CheckEventsSource implements ChronologySource {
  readonly module = 'checks';

  constructor(private readonly uow: UnitOfWork) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows = await this.uow.read((em) => chronologyRecords.checks(em, q.personIds, q.until));
    const words = (v: string) => v.replace(/_/g, ' ');
    const out: ChronologyEvent[] = [];
    for (const r of rows) {
      const base = { personId: r.person_id, module: this.module, contactId: r.contact_id, reference: r.reference };
      const whom = r.target_agency ?? words(r.agency_type);
      out.push({
        ...base, id: `checks.agency_check.${r.id}.requested.${r.person_id}`, eventType: 'check.requested', eventDate: r.requested_at.toISOString(), recordedAt: r.requested_at.toISOString(),
        sourceAgency: r.requester_agency ?? 'MASH', keyEvent: false, summary: `Check requested from ${whom}: ${words(r.check_type)}`,
      });
      if (r.responded_at && r.responded_at <= q.until) {
        out.push({
          ...base, id: `checks.agency_check.${r.id}.${r.status}.${r.person_id}`, eventType: `check.${r.status}`, eventDate: r.responded_at.toISOString(), recordedAt: r.responded_at.toISOString(),
          sourceAgency: r.responder_agency ?? whom, keyEvent: r.status !== 'returned', summary: `Check ${words(r.status)} by ${whom}: ${words(r.check_type)}`,
        });
      }
      if (r.waived_at && r.waived_at <= q.until) {
        out.push({
          ...base, id: `checks.agency_check.${r.id}.waived.${r.person_id}`, eventType: 'check.waived', eventDate: r.waived_at.toISOString(), recordedAt: r.waived_at.toISOString(),
          sourceAgency: 'MASH', keyEvent: true, summary: `Check waived by a manager: ${words(r.check_type)} (${whom})`,
        });
      }
    }
    return out;
  }
}
