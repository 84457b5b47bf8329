import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditCheckpoint, AuditCheckpointFile } from './audit-checkpoint-file';
import { eventHash, GENESIS_HASH, sealHash } from './domain/hash-chain';
import { AuditEventRecord, auditSeals, SealedEventRecord } from './persistence/audit-seal.repository';

export interface BrokenLink {
  /** event: content edited; seal: chain broken; checkpoint: the database no longer meets the last checkpoint; unsealed: events the sealer should have covered. */
  kind: 'event' | 'seal' | 'checkpoint' | 'unsealed';
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
  /** Events older than a minute that no seal covers (the sealer is down, or its work list was tampered with): each fails verification. */
  unsealedOlderThanOneMinute: number;
  /** The last checkpoint outside the database that the chain was checked against, if any was written yet. */
  checkpoint: AuditCheckpoint | null;
}

type EventRow = AuditEventRecord;
type SealedEventRow = SealedEventRecord;

/** Rows held in memory at once, whatever the length of the trail. */
const SEAL_PAGE = 200;
const EVENT_PAGE = 2000;

/**
 * Recomputes every event hash and every keyed seal of the chain, checks the chain against the last
 * checkpoint written outside the database, and reports the first broken link. Works page by page
 * (seals, their events, then unsealed events, each by keyset), so a long trail costs time, not memory.
 * Reads audit_event and the seals only: audit_unsealed is the sealer's work list and proves nothing.
 */
@Injectable()
export class AuditVerifierService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly checkpoints: AuditCheckpointFile,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  verify(): Promise<VerifyReport> {
    return this.uow.read((em) => this.verifyWith(em));
  }

  private async verifyWith(em: EntityManager): Promise<VerifyReport> {
    const checkpoint = await this.checkpoints.latest();
    let eventsChecked = 0;
    let sealsChecked = 0;
    let sealedEvents = 0;
    let previousHash = GENESIS_HASH;
    let expectedSealNo = 1;
    const report = (firstBroken: BrokenLink | null, unsealedOlderThanOneMinute = 0): VerifyReport => ({
      ok: firstBroken === null, eventsChecked, sealsChecked, firstBroken, unsealedOlderThanOneMinute, checkpoint,
    });
    const sealBroken = (sealNo: string, reason: string) => report({ kind: 'seal', sealNo, eventId: null, eventSeq: null, reason });
    const events = new SealedEventStream(em);

    for (let after = 0; ; ) {
      const seals = await auditSeals.sealsAfter(em, after, SEAL_PAGE);
      if (seals.length === 0) break;
      for (const seal of seals) {
        const sealNo = seal.seal_no;
        if (Number(sealNo) !== expectedSealNo) return sealBroken(sealNo, `seal ${expectedSealNo} is missing`);
        if (seal.previous_hash !== previousHash) return sealBroken(sealNo, 'previous hash does not match the preceding seal');
        const hashes: string[] = [];
        for (let e = await events.peek(); e && Number(e.seal_no) <= Number(sealNo); e = await events.peek()) {
          events.take();
          if (e.seal_no !== sealNo) return sealBroken(e.seal_no, `seal ${e.seal_no} is missing but its events remain`);
          eventsChecked++;
          const recomputed = hashOf(e);
          if (recomputed !== e.content_hash) return report({ kind: 'event', sealNo, eventId: e.id, eventSeq: e.seq, reason: 'event content does not match its hash' });
          hashes.push(recomputed);
        }
        if (hashes.length !== seal.event_count) return sealBroken(sealNo, `seal covers ${seal.event_count} events but ${hashes.length} remain`);
        if (sealHash(this.config.auditSealKey, previousHash, Number(sealNo), hashes) !== seal.hash) return sealBroken(sealNo, 'seal hash does not match its events');
        sealedEvents += hashes.length;
        if (checkpoint && checkpoint.sealNo === Number(sealNo) && (checkpoint.hash !== seal.hash || checkpoint.eventCount !== sealedEvents)) {
          return report({
            kind: 'checkpoint', sealNo, eventId: null, eventSeq: null,
            reason: `seal ${sealNo} (${sealedEvents} events sealed so far) does not match the checkpoint of ${checkpoint.at} (${checkpoint.eventCount} events)`,
          });
        }
        previousHash = seal.hash;
        expectedSealNo++;
        sealsChecked++;
      }
      after = Number(seals[seals.length - 1].seal_no);
    }

    const lastSealNo = expectedSealNo - 1;
    if (checkpoint && checkpoint.sealNo > lastSealNo) {
      return report({
        kind: 'checkpoint', sealNo: String(lastSealNo), eventId: null, eventSeq: null,
        reason: `the database ends at seal ${lastSealNo} but the checkpoint of ${checkpoint.at} records seal ${checkpoint.sealNo} (${checkpoint.eventCount} events): seals were removed`,
      });
    }
    const orphan = await events.peek();
    if (orphan) return sealBroken(orphan.seal_no, `seal ${orphan.seal_no} is missing but its events remain`);

    // Events no seal covers: their own hashes must hold, and none may be older than a minute.
    let unsealedOld = 0;
    let firstOld: EventRow | null = null;
    for (let afterSeq = '0'; ; ) {
      const page = await auditSeals.unsealedEventsAfter(em, afterSeq, EVENT_PAGE);
      for (const e of page) {
        eventsChecked++;
        if (hashOf(e) !== e.content_hash) return report({ kind: 'event', sealNo: null, eventId: e.id, eventSeq: e.seq, reason: 'event content does not match its hash' });
        if (e.old) {
          unsealedOld++;
          firstOld ??= e;
        }
      }
      if (page.length < EVENT_PAGE) break;
      afterSeq = page[page.length - 1].seq;
    }
    if (firstOld) {
      return report(
        { kind: 'unsealed', sealNo: null, eventId: firstOld.id, eventSeq: firstOld.seq, reason: `${unsealedOld} events older than a minute are not covered by any seal` },
        unsealedOld,
      );
    }
    return report(null);
  }
}

/** The sealed events in chain order (seal, position), read a page at a time by keyset. */
class SealedEventStream {
  private buffer: SealedEventRow[] = [];
  private index = 0;
  private last: { sealNo: string; position: number } = { sealNo: '0', position: 0 };
  private exhausted = false;

  constructor(private readonly em: EntityManager) {}

  async peek(): Promise<SealedEventRow | undefined> {
    if (this.index < this.buffer.length) return this.buffer[this.index];
    if (this.exhausted) return undefined;
    this.buffer = await auditSeals.sealedEventsAfter(this.em, this.last, EVENT_PAGE);
    this.index = 0;
    if (this.buffer.length < EVENT_PAGE) this.exhausted = true;
    if (this.buffer.length === 0) return undefined;
    const tail = this.buffer[this.buffer.length - 1];
    this.last = { sealNo: tail.seal_no, position: tail.position };
    return this.buffer[0];
  }

  take(): void {
    this.index++;
  }
}

function hashOf(e: EventRow): string {
  return eventHash({
    id: e.id, occurredAt: e.occurred_at, actorUserId: e.actor_user_id, actorRole: e.actor_role, actorAgencyId: e.actor_agency_id,
    action: e.action, entityType: e.entity_type, entityId: e.entity_id, summary: e.summary, requestId: e.request_id, ip: e.ip,
  });
}
