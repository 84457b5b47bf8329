import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ClockDuration } from '../domain/clock-duration';
import type { ClockKind } from '../domain/sla-config';

/**
 * One SLA clock (SPEC RAG-5): what it times (kind, target), when it started, when it is due, and
 * whether it was met, breached or cancelled. The row is the truth: the sweep finds breaches here,
 * never in timers in memory, so clocks survive restarts (REL-5). A breached clock stays open until
 * met (late) or cancelled.
 */
@Entity('sla_clock')
// One running clock of a kind per target: starting it again returns the running one.
@Index('uq_sla_clock_open', ['kind', 'targetType', 'targetId'], { unique: true, where: 'met_at IS NULL AND cancelled_at IS NULL' })
// What the sweep reads: running, not yet breached, by due time.
@Index('ix_sla_clock_sweep', ['dueAt'], { where: 'breached_at IS NULL AND met_at IS NULL AND cancelled_at IS NULL' })
@Index('ix_sla_clock_contact', ['contactId'])
export class SlaClock {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: ClockKind;

  /** What the clock is about, e.g. contact, threshold_decision, strategy_discussion, step_down, challenge. */
  @Column({ type: 'text' })
  targetType: string;

  @Column({ type: 'uuid' })
  targetId: string;

  /** The contact it belongs to, when there is one (queue, triage view, dashboard). */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  // The foreign key to a row contacts owns, named rather than imported.
  @ManyToOne('Contact', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: object;

  /** Who holds it (notified on breach with the managers); null until someone takes it. */
  @Column({ type: 'uuid', nullable: true })
  holderUserId: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  /** The duration it was started with (or last rescheduled to), e.g. {aroundTheClock: true, hours: 4}. */
  @Column({ type: 'jsonb', nullable: true })
  duration: ClockDuration | null;

  @Column({ type: 'timestamptz', nullable: true })
  metAt: Date | null;

  /** Set once, by the sweep, when it first finds the clock past due. */
  @Column({ type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
