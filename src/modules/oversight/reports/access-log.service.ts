import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import { Actor } from '../../../auth/actor';
import { decodeSeqCursor, encodeCursor } from '../../../common/pagination';

/**
 * "Who viewed this child" (SPEC MGT-4): every read of the child's record from the audit trail:
 * reads of the person (record, history, chronology), of any contact where the child is a subject,
 * and of any decision about the child. Newest first, keyset-paginated on the audit sequence.
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
              UNION SELECT 'threshold_decision', d.id::text FROM threshold_decision d WHERE d.person_id = $1 OR d.subject_id IN (SELECT id FROM subjects))
       SELECT e.seq, e.occurred_at AS "occurredAt", e.actor_user_id AS "userId", u.name AS "userName", e.actor_role AS role,
              e.actor_agency_id AS "agencyId", g.name AS "agencyName", e.action, e.entity_type AS "entityType", e.entity_id AS "entityId",
              e.summary->>'view' AS view, e.ip, e.request_id AS "requestId"
         FROM audit_event e JOIN targets t ON t.entity_type = e.entity_type AND t.entity_id = e.entity_id
         LEFT JOIN app_user u ON u.id = e.actor_user_id LEFT JOIN agency g ON g.id = e.actor_agency_id
        WHERE e.action LIKE '%.read' ${before ? 'AND e.seq < $3' : ''}
        ORDER BY e.seq DESC LIMIT $2`,
      before ? [personId, limit + 1, before] : [personId, limit + 1],
    );
    const items = rows.slice(0, limit).map(({ seq: _seq, ...r }: { seq: string }) => r);
    return { items, nextCursor: rows.length > limit ? encodeCursor(rows[limit - 1].seq) : null };
  }
}
