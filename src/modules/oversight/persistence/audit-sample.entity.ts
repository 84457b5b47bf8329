import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A threshold-decision audit sample for a period (SPEC MGT-1): who drew it, with which seed and which
 * sampling configuration, so it can be drawn again and give the same decisions.
 */
@Entity('audit_sample')
@Index('ix_audit_sample_period', ['periodFrom', 'periodTo'])
export class AuditSample {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz' })
  periodFrom: Date;

  /** Exclusive. */
  @Column({ type: 'timestamptz' })
  periodTo: Date;

  @Column({ type: 'text' })
  seed: string;

  /** config/audit-sampling.yaml version and values used. */
  @Column({ type: 'text' })
  configVersion: string;

  @Column({ type: 'numeric', precision: 5, scale: 4 })
  randomShare: string;

  @Column({ type: 'text' })
  formVersion: string;

  /** Decisions in the period (the random share's base). */
  @Column({ type: 'int' })
  decisionsInPeriod: number;

  @Column({ type: 'uuid' })
  drawnByUserId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
