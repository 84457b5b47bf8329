import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditCheckpoint, AuditCheckpointFile } from './audit-checkpoint-file';
import { GENESIS_HASH, sealHash } from './domain/hash-chain';

const SEALER_LOCK_KEY = 7_246_002;
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
    private readonly dataSource: DataSource,
    private readonly checkpoints: AuditCheckpointFile,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seals one batch; returns how many events it sealed (0 when another sealer holds the lock). */
  async sealOnce(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEALER_LOCK_KEY]);
      if (!locked) return 0;
      // An entry already sealed (by a sealer of an older version during a rolling deploy, say) would
      // make this pass fail on audit_seal_event's key, every second: drop such entries first.
      await em.query('DELETE FROM audit_unsealed u USING audit_seal_event s WHERE s.event_id = u.event_id');
      const events: { id: string; content_hash: string }[] = await em.query(
        `SELECT e.id, e.content_hash FROM audit_unsealed u JOIN audit_event e ON e.id = u.event_id ORDER BY u.seq LIMIT ${BATCH}`,
      );
      if (events.length === 0) return 0;
      const [last] = await em.query('SELECT seal_no, hash FROM audit_seal ORDER BY seal_no DESC LIMIT 1');
      const sealNo = last ? Number(last.seal_no) + 1 : 1;
      const previousHash: string = last ? last.hash : GENESIS_HASH;
      const hash = sealHash(this.config.auditSealKey, previousHash, sealNo, events.map((e) => e.content_hash));
      await em.query(
        'INSERT INTO audit_seal (seal_no, sealed_at, previous_hash, event_count, hash) VALUES ($1, now(), $2, $3, $4)',
        [sealNo, previousHash, events.length, hash],
      );
      await em.query(
        `INSERT INTO audit_seal_event (event_id, seal_no, position)
         SELECT id, $2, ord::int FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
        [events.map((e) => e.id), sealNo],
      );
      await em.query('DELETE FROM audit_unsealed WHERE event_id = ANY($1::uuid[])', [events.map((e) => e.id)]);
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
    const [head] = await this.dataSource.query('SELECT seal_no, hash FROM audit_seal ORDER BY seal_no DESC LIMIT 1');
    if (!head || (previous && Number(head.seal_no) === previous.sealNo)) return null;
    const from = previous?.sealNo ?? 0;
    if (previous) {
      const [seal] = await this.dataSource.query('SELECT hash FROM audit_seal WHERE seal_no = $1', [previous.sealNo]);
      if (!seal || seal.hash !== previous.hash) {
        throw new Error(`audit chain does not match its checkpoint at seal ${previous.sealNo} (${this.checkpoints.path}): run /api/v1/audit-events/verify`);
      }
    }
    const [{ events }] = await this.dataSource.query(
      'SELECT coalesce(sum(event_count), 0)::bigint AS events FROM audit_seal WHERE seal_no > $1 AND seal_no <= $2',
      [from, head.seal_no],
    );
    const checkpoint: AuditCheckpoint = {
      sealNo: Number(head.seal_no), eventCount: (previous?.eventCount ?? 0) + Number(events), hash: head.hash, at: new Date().toISOString(),
    };
    await this.checkpoints.append(checkpoint);
    return checkpoint;
  }

  logFailure(error: unknown): void {
    this.logger.error({ err: error, runId: randomUUID() }, 'audit sealing failed');
  }
}
