import type { EntityManager } from 'typeorm';

export interface AccessLogRow {
  seq: string;
  occurredAt: Date;
  userId: string | null;
  userName: string | null;
  role: string;
  agencyId: string | null;
  agencyName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  view: string | null;
  ip: string | null;
  requestId: string | null;
}

/**
 * "Who viewed this child" from the audit trail: the reads of every record about the child (see
 * AccessLogService), newest first; a report, so it reads other modules' tables (the oversight read model).
 */
export const accessLogRows = {
  async personExists(em: EntityManager, personId: string): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT id FROM person WHERE id = $1', [personId]);
    return rows.length > 0;
  },

  /** limit + 1 rows before the audit sequence `before` (when given), so the caller knows whether more follow. */
  readsOf(em: EntityManager, personId: string, limit: number, before?: string): Promise<AccessLogRow[]> {
    return em.query(
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
  },
};
