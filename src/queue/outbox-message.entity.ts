import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox (CONVENTIONS habit 5): written in the same transaction as the change it
 * announces; the worker's relay moves it to BullMQ and stamps dispatched_at.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['availableAt'], { where: 'dispatched_at IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  queue: string;

  @Column({ type: 'text' })
  jobName: string;

  /** Deterministic BullMQ job id, so a relay retry after a crash does not queue the job twice. */
  @Column({ type: 'text' })
  jobId: string;

  /** Ids only. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /**
   * The order rows were added. Rows added in one transaction share created_at (now()), and among
   * equals Postgres returns rows in whatever order their pages hold them; the relay claims by
   * (created_at, seq) so that a batch's jobs keep the order their changes were made in.
   */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
