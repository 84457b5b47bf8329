import { Injectable } from '@nestjs/common';
import { HistoryAnnotator, HistoryAnnotatorProvider } from '../people/people-extensions';
import { StepDownRepository } from './persistence/step-down.repository';

/**
 * Adds `stepDown` to each history item (SPEC PPL-3, STEP-2): on a contact that was stepped down, the
 * step-down's status; on a contact that put the child back in the queue (rejection, hard limit,
 * declined consent), the link to the original contact and why.
 */
@Injectable()
@HistoryAnnotatorProvider()
export class StepDownHistoryAnnotator implements HistoryAnnotator {
  readonly key = 'stepDown';

  constructor(private readonly stepDowns: StepDownRepository) {}

  async annotate(contactIds: string[]): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    if (!contactIds.length) return out;
    const rows = await this.stepDowns.onContacts(contactIds);
    for (const r of rows) {
      if (contactIds.includes(r.contact_id)) out.set(r.contact_id, { stepDownId: r.id, status: r.status, requeueContactId: r.requeue_contact_id });
      if (r.requeue_contact_id && contactIds.includes(r.requeue_contact_id)) {
        out.set(r.requeue_contact_id, { stepDownId: r.id, returnedFromContactId: r.contact_id, reason: r.requeue_reason });
      }
    }
    return out;
  }
}
