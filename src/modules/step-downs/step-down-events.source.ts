import { Injectable } from '@nestjs/common';
import type { ChronologyEvent } from '../people/domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../people/people-extensions';
import { StepDownEventRow as Row, StepDownRepository } from './persistence/step-down.repository';

/**
 * Step-down workflow events in the child's chronology (SPEC STEP-2, STEP-5, PPL-5): proposed,
 * accepted or rejected, family declined, re-queued. Level changes themselves come from people's
 * status source (child_status_transition). Codes and agency names only, never narrative.
 */
@Injectable()
@ChronologySourceProvider()
export class StepDownEventsSource implements ChronologySource {
  readonly module = 'step-downs';

  constructor(private readonly stepDowns: StepDownRepository) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows = await this.stepDowns.eventsOf(q.personIds, q.until);
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
