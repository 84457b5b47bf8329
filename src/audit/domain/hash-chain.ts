import { createHmac } from 'node:crypto';
import { sha256Hex } from '../../common/sha256';
import { canonicalJson } from './canonical-json';

/** The fields of an audit event that its hash covers (everything but the storage sequence). */
export interface AuditEventContent {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorRole: string;
  actorAgencyId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

export function eventHash(e: AuditEventContent): string {
  return sha256Hex(
    canonicalJson([e.id, e.occurredAt.toISOString(), e.actorUserId, e.actorRole, e.actorAgencyId, e.action, e.entityType, e.entityId, e.summary, e.requestId, e.ip]),
  );
}

/**
 * A seal chains a batch of events (in the order the sealer took them) to the previous seal:
 * hash = HMAC-SHA256(AUDIT_SEAL_KEY; previous seal hash, seal number, the batch's event hashes in order).
 * The key never reaches the database, so whoever owns the database can recompute the unkeyed event
 * hashes of an edited event but not the seals that cover it.
 */
export function sealHash(key: string, previousHash: string, sealNo: number, eventHashes: string[]): string {
  return createHmac('sha256', key).update(canonicalJson([previousHash, sealNo, eventHashes])).digest('hex');
}
