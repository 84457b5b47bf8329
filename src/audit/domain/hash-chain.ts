import { createHash } from 'node:crypto';
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

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function eventHash(e: AuditEventContent): string {
  return sha256(
    canonicalJson([e.id, e.occurredAt.toISOString(), e.actorUserId, e.actorRole, e.actorAgencyId, e.action, e.entityType, e.entityId, e.summary, e.requestId, e.ip]),
  );
}

/**
 * A seal chains a batch of events (in the order the sealer took them) to the previous seal:
 * hash = sha256(previous seal hash, seal number, the batch's event hashes in order).
 */
export function sealHash(previousHash: string, sealNo: number, eventHashes: string[]): string {
  return sha256(canonicalJson([previousHash, sealNo, eventHashes]));
}
