import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import { Actor } from '../../../auth/actor';
import { decodeSeqCursor, encodeCursor } from '../../../common/pagination';

/**
 * "Who viewed this child" (SPEC MGT-4): every read of the child's record from the audit trail:
 * reads of the person (record, history, chronology, search results), of any contact where the child
 * is a subject, of any decision about the child, of agency checks on those contacts (partners'
 * reads), of strategy discussions, step-downs, challenges and professionals-meeting requests about
 * the child, of the child's status, lists that showed any of these, and Annex A downloads whose
 * period covers a contact about the child. Newest first, keyset-paginated on the audit sequence.
 */
@Injectable()
export class AccessLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async forPerson(actor: Actor, personId: string, limit: number, cursor?: string) {
    const before = decodeSeqCursor(cursor);
    const [person] = await this.dataSource.query('SELECT id FROM person WHERE id = $1', [personId]);
    if (!person) throw new NotFoundException('No such person');
    // This look is itself a read of the child's record, and shows in the log.
    await this.audit.recordRead(actor, 'person', personId, { view: 'access_log' });
    const rows = await this.dataSource.query(
      `WITH subjects AS (SELECT id, contact_id FROM contact_subject WHERE person_id = $1),
            targets AS (
              SELECT 'person'::text AS entity_type, $1::text AS entity_id
              UNION SELECT 'contact', contact_id::text FROM subjects
              UNION SELECT 'threshold_decision', d.id::text FROM threshold_decision d WHERE d.person_id = $1 OR d.subject_id IN (SELECT id FROM subjects)
              UNION SELECT 'agency_check', k.id::text FROM agency_check k WHERE k.contact_id IN (SELECT contact_id FROM subjects)
              UNION SELECT 'strategy_discussion', x.id::text FROM strategy_discussion x WHERE x.person_id = $1 OR x.subject_id IN (SELECT id FROM subjects)
              UNION SELECT 'person_status', $1::text
              UNION SELECT 'step_down', sd.id::text FROM step_down sd WHERE sd.person_id = $1 OR sd.subject_id IN (SELECT id FROM subjects)
              UNION SELECT 'challenge', ch.id::text FROM challenge ch WHERE ch.subject_id IN (SELECT id FROM subjects) OR (ch.subject_id IS NULL AND ch.contact_id IN (SELECT contact_id FROM subjects))
              UNION SELECT 'professionals_meeting_request', pm.id::text FROM professionals_meeting_request pm WHERE pm.contact_id IN (SELECT contact_id FROM subjects)),
            received AS (SELECT c.received_at FROM contact c WHERE c.id IN (SELECT contact_id FROM subjects)),
            reads AS (
              SELECT e.* FROM audit_event e JOIN targets t ON t.entity_type = e.entity_type AND t.entity_id = e.entity_id WHERE e.action LIKE '%.read'
              -- An Annex A download lists every child on the contacts received in its period: one that covers a contact about this child.
              UNION ALL
              SELECT e.* FROM audit_event e WHERE e.action = 'annex_a.read'
                 AND EXISTS (SELECT 1 FROM received r WHERE r.received_at >= (e.summary->>'from')::timestamptz AND r.received_at < (e.summary->>'to')::timestamptz))
       SELECT e.seq, e.occurred_at AS "occurredAt", e.actor_user_id AS "userId", u.name AS "userName", e.actor_role AS role,
              e.actor_agency_id AS "agencyId", g.name AS "agencyName", e.action, e.entity_type AS "entityType", e.entity_id AS "entityId",
              e.summary->>'view' AS view, e.ip, e.request_id AS "requestId"
         FROM reads e
         LEFT JOIN app_user u ON u.id = e.actor_user_id LEFT JOIN agency g ON g.id = e.actor_agency_id
        ${before ? 'WHERE e.seq < $3' : ''}
        ORDER BY e.seq DESC LIMIT $2`,
      before ? [personId, limit + 1, before] : [personId, limit + 1],
    );
    const items = rows.slice(0, limit).map(({ seq: _seq, ...r }: { seq: string }) => r);
    return { items, nextCursor: rows.length > limit ? encodeCursor(rows[limit - 1].seq) : null };
  }
}
