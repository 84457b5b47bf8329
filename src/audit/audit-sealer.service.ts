import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditCheckpoint, AuditCheckpointFile } from './audit-checkpoint-file';
import { GENESIS_HASH, sealHash } from './domain/hash-chain';
import { auditSeals } from './persistence/audit-seal.repository';

const BATCH = 5000;

/**
 * Appends seal rows that chain unsealed audit events, in the order it seals them. Runs in the worker
 * every second; an advisory lock keeps it to one sealer across replicas. Unsealed events come from
 * the audit_unsealed work list (filled by a trigger as events are appended), so a pass costs the
 * events it seals, however large the trail has grown, and an event committed late is still sealed.
 * Seals are keyed with AUDIT_SEAL_KEY, and every AUDIT_CHECKPOINT_INTERVAL the chain's head is
 * appended to the checkpoint file outside the database.
 */
@Injectable()
export class AuditSealerService {
  private readonly logger = new Logger(AuditSealerService.name);
  private lastCheckpointAt = 0;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly checkpoints: AuditCheckpointFile,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seals one batch; returns how many events it sealed (0 when another sealer holds the lock). */
  async sealOnce(): Promise<number> {
    return this.uow.run(async (em) => {
      if (!(await auditSeals.tryLockSealer(em))) return 0;
      await auditSeals.dropSealedFromWorkList(em);
      const events = await auditSeals.unsealedBatch(em, BATCH);
      if (events.length === 0) return 0;
      const last = await auditSeals.head(em);
      const sealNo = last ? Number(last.seal_no) + 1 : 1;
      const previousHash: string = last ? last.hash : GENESIS_HASH;
      const hash = sealHash(this.config.auditSealKey, previousHash, sealNo, events.map((e) => e.content_hash));
      await auditSeals.appendSeal(em, { sealNo, previousHash, hash, eventIds: events.map((e) => e.id) });
      return events.length;
    });
  }

  /**
   * Seals until the work list is shorter than a batch (used every second, by tests and at shutdown).
   * Events appended while it runs wait for the next pass rather than keeping it looping under load.
   */
  async sealAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.sealOnce();
      total += n;
      if (n < BATCH) return total;
    }
  }

  /** Appends a checkpoint when AUDIT_CHECKPOINT_INTERVAL has passed since this process's last one. */
  async checkpointIfDue(now = Date.now()): Promise<AuditCheckpoint | null> {
    if (now - this.lastCheckpointAt < this.config.auditCheckpointIntervalSeconds * 1000) return null;
    const written = await this.checkpoint();
    this.lastCheckpointAt = now;
    return written;
  }

  /**
   * Appends the chain's head (seal number, events sealed so far, hash) to the checkpoint file. The
   * count continues from the previous checkpoint, whose seal must still be in the database with the
   * same hash: a chain that no longer meets its checkpoint is reported, never checkpointed over.
   */
  async checkpoint(): Promise<AuditCheckpoint | null> {
    const previous = await this.checkpoints.latest();
    return this.uow.read(async (em) => {
      const head = await auditSeals.head(em);
      if (!head || (previous && Number(head.seal_no) === previous.sealNo)) return null;
      const from = previous?.sealNo ?? 0;
      if (previous && (await auditSeals.hashOf(em, previous.sealNo)) !== previous.hash) {
        throw new Error(`audit chain does not match its checkpoint at seal ${previous.sealNo} (${this.checkpoints.path}): run /api/v1/audit-events/verify`);
      }
      const events = await auditSeals.eventsSealedBetween(em, from, head.seal_no);
      const checkpoint: AuditCheckpoint = {
        sealNo: Number(head.seal_no), eventCount: (previous?.eventCount ?? 0) + events, hash: head.hash, at: new Date().toISOString(),
      };
      await this.checkpoints.append(checkpoint);
      return checkpoint;
    });
  }

  logFailure(error: unknown): void {
    this.logger.error({ err: error, runId: randomUUID() }, 'audit sealing failed');
  }
}
