import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../../../audit/audit.service';
import { eventHash } from '../../../audit/domain/hash-chain';
import type { Actor } from '../../../auth/actor';
import { AUDIT_COLUMNS, Row } from './contact-sql';

/**
 * An audit_event row exactly as AuditService.record writes it (same fields, same content hash), for
 * intake's single-statement insert. The sealer chains it like any other event.
 */
export function auditEventRow(actor: Actor, entry: AuditEntry, occurredAt: Date): Row<typeof AUDIT_COLUMNS> {
  const event = {
    id: randomUUID(), occurredAt, actorUserId: actor.userId, actorRole: actor.role, actorAgencyId: actor.agencyId, action: entry.action,
    entityType: entry.entityType, entityId: entry.entityId, summary: entry.summary ?? {}, requestId: actor.requestId, ip: actor.ip,
  };
  return {
    id: event.id, occurred_at: occurredAt.toISOString(), actor_user_id: event.actorUserId, actor_role: event.actorRole, actor_agency_id: event.actorAgencyId,
    action: event.action, entity_type: event.entityType, entity_id: event.entityId, summary: event.summary, request_id: event.requestId, ip: event.ip,
    content_hash: eventHash(event),
  };
}
