import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventHash, GENESIS_HASH, sealHash } from './domain/hash-chain';

export interface BrokenLink {
  kind: 'event' | 'seal';
  sealNo: string | null;
  eventId: string | null;
  eventSeq: string | null;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  eventsChecked: number;
  sealsChecked: number;
  firstBroken: BrokenLink | null;
  /** Events older than a minute that no seal covers yet (the sealer is down, or a very late commit). */
  unsealedOlderThanOneMinute: number;
}

interface EventRow {
  id: string; seq: string; occurred_at: Date; actor_user_id: string | null; actor_role: string; actor_agency_id: string | null;
  action: string; entity_type: string; entity_id: string | null; summary: Record<string, unknown>; request_id: string | null;
  ip: string | null; content_hash: string;
}

const SEAL_PAGE = 200;

/** Recomputes every event hash and every seal of the chain; reports the first broken link. */
@Injectable()
export class AuditVerifierService {
  constructor(private readonly dataSource: DataSource) {}

  async verify(): Promise<VerifyReport> {
    let eventsChecked = 0;
    let sealsChecked = 0;
    let previousHash = GENESIS_HASH;
    let expectedSealNo = 1;
    const broken = (b: BrokenLink): VerifyReport => ({ ok: false, eventsChecked, sealsChecked, firstBroken: b, unsealedOlderThanOneMinute: 0 });

    for (let after = 0; ; after += SEAL_PAGE) {
      const seals: { seal_no: string; previous_hash: string; event_count: number; hash: string }[] = await this.dataSource.query(
        'SELECT seal_no, previous_hash, event_count, hash FROM audit_seal WHERE seal_no > $1 ORDER BY seal_no LIMIT $2',
        [after, SEAL_PAGE],
      );
      if (seals.length === 0) break;
      const events: (EventRow & { seal_no: string })[] = await this.dataSource.query(
        `SELECT s.seal_no, e.* FROM audit_seal_event s JOIN audit_event e ON e.id = s.event_id
          WHERE s.seal_no > $1 AND s.seal_no <= $2 ORDER BY s.seal_no, s.position`,
        [after, after + SEAL_PAGE],
      );
      const bySeal = new Map<string, EventRow[]>();
      for (const e of events) (bySeal.get(e.seal_no) ?? bySeal.set(e.seal_no, []).get(e.seal_no)!).push(e);

      for (const seal of seals) {
        const sealNo = seal.seal_no;
        if (Number(sealNo) !== expectedSealNo) return broken({ kind: 'seal', sealNo, eventId: null, eventSeq: null, reason: `seal ${expectedSealNo} is missing` });
        if (seal.previous_hash !== previousHash) return broken({ kind: 'seal', sealNo, eventId: null, eventSeq: null, reason: 'previous hash does not match the preceding seal' });
        const members = bySeal.get(sealNo) ?? [];
        if (members.length !== seal.event_count) return broken({ kind: 'seal', sealNo, eventId: null, eventSeq: null, reason: `seal covers ${seal.event_count} events but ${members.length} remain` });
        const hashes: string[] = [];
        for (const e of members) {
          eventsChecked++;
          const recomputed = hashOf(e);
          if (recomputed !== e.content_hash) return broken({ kind: 'event', sealNo, eventId: e.id, eventSeq: e.seq, reason: 'event content does not match its hash' });
          hashes.push(recomputed);
        }
        if (sealHash(previousHash, Number(sealNo), hashes) !== seal.hash) return broken({ kind: 'seal', sealNo, eventId: null, eventSeq: null, reason: 'seal hash does not match its events' });
        previousHash = seal.hash;
        expectedSealNo++;
        sealsChecked++;
      }
    }

    // Unsealed events: check their own hashes too, and count the ones the sealer should have reached.
    const unsealed: (EventRow & { old: boolean })[] = await this.dataSource.query(
      `SELECT e.*, e.occurred_at < now() - interval '1 minute' AS old FROM audit_event e
        WHERE NOT EXISTS (SELECT 1 FROM audit_seal_event s WHERE s.event_id = e.id) ORDER BY e.seq`,
    );
    for (const e of unsealed) {
      eventsChecked++;
      if (hashOf(e) !== e.content_hash) return broken({ kind: 'event', sealNo: null, eventId: e.id, eventSeq: e.seq, reason: 'event content does not match its hash' });
    }
    const unsealedOlderThanOneMinute = unsealed.filter((e) => e.old).length;
    return { ok: true, eventsChecked, sealsChecked, firstBroken: null, unsealedOlderThanOneMinute };
  }
}

function hashOf(e: EventRow): string {
  return eventHash({
    id: e.id, occurredAt: e.occurred_at, actorUserId: e.actor_user_id, actorRole: e.actor_role, actorAgencyId: e.actor_agency_id,
    action: e.action, entityType: e.entity_type, entityId: e.entity_id, summary: e.summary, requestId: e.request_id, ip: e.ip,
  });
}
