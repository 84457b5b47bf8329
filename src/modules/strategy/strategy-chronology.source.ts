import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
import type { ChronologyEvent } from '../people/domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../people/people-extensions';
import { OUTCOME_LABELS } from './domain/minutes';
import { strategyRows } from './persistence/strategy-discussion.repository';

/**
 * Strategy discussions in the child's chronology (SPEC PPL-5, §7): requested, convened, declined,
 * held (a key event, with its outcome and ICPC date) and minutes distributed. The person is the
 * child's current person-index link (contact_subject.person_id), so a request made before the child
 * was matched still appears. Codes and short words only.
 */
@Injectable()
@ChronologySourceProvider()
export class StrategyChronologySource implements ChronologySource {
  readonly module = 'strategy';

  constructor(private readonly uow: UnitOfWork) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows = await this.uow.read((em) => strategyRows.chronology(em, q.personIds, q.until));
    const out: ChronologyEvent[] = [];
    for (const r of rows) {
      const base = { personId: r.person_id, module: this.module, contactId: r.contact_id, reference: r.reference };
      const add = (kind: string, at: Date, keyEvent: boolean, summary: string, sourceAgency: string | null = 'MASH') => {
        if (at <= q.until) out.push({ ...base, id: `strategy.${kind}.${r.id}`, eventType: `strategy.${kind}`, eventDate: at.toISOString(), recordedAt: at.toISOString(), sourceAgency, keyEvent, summary });
      };
      add(
        r.previous_discussion_id ? 'reconvened' : 'requested',
        r.requested_at,
        r.urgency === 'immediate_risk',
        r.previous_discussion_id ? 'Strategy discussion reconvened' : `Strategy discussion requested (${r.urgency.replace(/_/g, ' ')})`,
        r.requester_agency,
      );
      if (r.convened_at) add('convened', r.convened_at, false, `Strategy discussion convened (${(r.mode ?? '').replace(/_/g, ' ')}, ${r.scheduled_at?.toISOString() ?? ''})`);
      if (r.declined_at) add('declined', r.declined_at, true, 'Strategy discussion request declined by a manager');
      if (r.held_at && r.outcome) {
        add('held', r.held_at, true, `Strategy discussion held: ${OUTCOME_LABELS[r.outcome] ?? r.outcome}${r.icpc_required ? `; ICPC due ${r.icpc_due_date}` : ''}`);
      }
      if (r.icpc_held_at) add('icpc_held', r.icpc_held_at, true, `Initial child protection conference held: ${(r.icpc_outcome ?? '').replace(/_/g, ' ')}`);
      if (r.minutes_distributed_at) add('minutes_distributed', r.minutes_distributed_at, false, 'Strategy discussion minutes distributed');
    }
    return out;
  }
}
