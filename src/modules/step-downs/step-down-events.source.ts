import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChronologyEvent } from '../people/domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../people/people-extensions';

interface Row {
  id: string;
  person_id: string;
  contact_id: string;
  status: string;
  created_at: Date;
  responded_at: Date | null;
  consent_declined_at: Date | null;
  requeued_at: Date | null;
  requeue_reason: string | null;
  requeue_contact_id: string | null;
  agency_name: string | null;
  reference: string;
}

/**
 * Step-down workflow events in the child's chronology (SPEC STEP-2, STEP-5, PPL-5): proposed,
 * accepted or rejected, family declined, re-queued. Level changes themselves come from people's
 * status source (child_status_transition). Codes and agency names only, never narrative.
 */
@Injectable()
@ChronologySourceProvider()
export class StepDownEventsSource implements ChronologySource {
  readonly module = 'step-downs';

  constructor(private readonly dataSource: DataSource) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT d.id, d.person_id, d.contact_id, d.status, d.created_at, d.responded_at, d.consent_declined_at, d.requeued_at, d.requeue_reason,
              d.requeue_contact_id, a.name AS agency_name, c.reference
         FROM step_down d JOIN contact c ON c.id = d.contact_id LEFT JOIN agency a ON a.id = d.receiving_agency_id
        WHERE d.person_id = ANY($1::uuid[]) AND d.created_at <= $2`,
      [q.personIds, q.until],
    );
    const out: ChronologyEvent[] = [];
    const add = (r: Row, kind: string, at: Date | null, summary: string, key: boolean, contactId = r.contact_id) => {
      if (!at || at > q.until) return;
      out.push({
        id: `step-downs.step_down.${r.id}.${kind}`, personId: r.person_id, module: this.module, eventType: `step_down.${kind}`,
        eventDate: at.toISOString(), recordedAt: at.toISOString(), sourceAgency: kind === 'proposed' || kind === 'requeued' ? 'MASH' : r.agency_name,
        keyEvent: key, summary, contactId, reference: r.reference,
      });
    };
    for (const r of rows) {
      add(r, 'proposed', r.created_at, `Step-down to early help proposed${r.agency_name ? ` (${r.agency_name})` : ''}`, true);
      if (r.status === 'accepted' || (r.status === 'consent_declined' && r.responded_at)) add(r, 'accepted', r.responded_at, 'Step-down accepted by the lead professional', true);
      if (r.status === 'rejected') add(r, 'rejected', r.responded_at, 'Step-down rejected by the receiving agency', true);
      if (r.status === 'consent_declined') add(r, 'consent_declined', r.consent_declined_at, 'Family declined early help: reconsider threshold', true);
      if (r.requeued_at) add(r, 'requeued', r.requeued_at, `Returned to the MASH queue (${r.requeue_reason})`, true, r.requeue_contact_id ?? r.contact_id);
    }
    return out;
  }
}
