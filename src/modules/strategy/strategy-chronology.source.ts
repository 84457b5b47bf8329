import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChronologyEvent } from '../people/domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../people/people-extensions';
import { OUTCOME_LABELS } from './domain/minutes';

interface Row {
  id: string;
  person_id: string;
  contact_id: string;
  reference: string | null;
  status: string;
  urgency: string;
  requested_at: Date;
  requester_agency: string | null;
  convened_at: Date | null;
  scheduled_at: Date | null;
  mode: string | null;
  declined_at: Date | null;
  held_at: Date | null;
  outcome: string | null;
  icpc_required: boolean | null;
  icpc_due_date: string | null;
  minutes_distributed_at: Date | null;
  previous_discussion_id: string | null;
}

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

  constructor(private readonly dataSource: DataSource) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT d.id, s.person_id, d.contact_id, c.reference, d.status, d.urgency, d.requested_at, a.name AS requester_agency,
              d.convened_at, d.scheduled_at, d.mode, d.declined_at, d.held_at, d.outcome, d.icpc_required, d.icpc_due_date::text,
              d.minutes_distributed_at, d.previous_discussion_id
         FROM strategy_discussion d
         JOIN contact_subject s ON s.id = d.subject_id
         JOIN contact c ON c.id = d.contact_id
         LEFT JOIN agency a ON a.id = d.requested_by_agency_id
        WHERE s.person_id = ANY($1::uuid[]) AND d.requested_at <= $2`,
      [q.personIds, q.until],
    );
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
      if (r.minutes_distributed_at) add('minutes_distributed', r.minutes_distributed_at, false, 'Strategy discussion minutes distributed');
    }
    return out;
  }
}
