import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor';
import { eventHash } from './domain/hash-chain';

/** What a caller says happened: field names, ids, statuses and codes only, never names, narrative or tokens. */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  summary?: Record<string, unknown>;
}

/** The audit_event columns an append writes; seq and the rest keep their defaults. */
export const AUDIT_COLUMNS = [
  'id', 'occurred_at', 'actor_user_id', 'actor_role', 'actor_agency_id', 'action', 'entity_type', 'entity_id', 'summary', 'request_id', 'ip', 'content_hash',
] as const;

export type AuditEventRow = { [K in (typeof AUDIT_COLUMNS)[number]]: unknown };

/**
 * One audit_event row with its content hash, keyed by column name, ready for jsonb_populate_recordset.
 * AuditService appends these, and intake writes one inside its single-statement insert; the sealer
 * chains both alike. The time is kept to the millisecond, so the hash recomputed from the stored row matches.
 * `id` is random unless the caller appends many events at once (the legacy import: common/time-ordered-uuid.ts).
 */
export function auditEventRow(actor: Actor, entry: AuditEntry, occurredAt: Date = new Date(), id: string = randomUUID()): AuditEventRow {
  const event = {
    id, occurredAt, actorUserId: actor.userId, actorRole: actor.role, actorAgencyId: actor.agencyId, action: entry.action,
    entityType: entry.entityType, entityId: entry.entityId, summary: entry.summary ?? {}, requestId: actor.requestId, ip: actor.ip,
  };
  return {
    id: event.id, occurred_at: occurredAt.toISOString(), actor_user_id: event.actorUserId, actor_role: event.actorRole, actor_agency_id: event.actorAgencyId,
    action: event.action, entity_type: event.entityType, entity_id: event.entityId, summary: event.summary, request_id: event.requestId, ip: event.ip,
    content_hash: eventHash(event),
  };
}
