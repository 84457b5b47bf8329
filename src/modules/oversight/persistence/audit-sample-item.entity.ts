import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One decision in an audit sample, with why it was selected (random, override, flagged NFA, CP step-down). */
@Entity('audit_sample_item')
@Index('uq_audit_sample_item', ['sampleId', 'decisionId'], { unique: true })
@Index('ix_audit_sample_item_decision', ['decisionId'])
export class AuditSampleItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sampleId: string;

  @Column({ type: 'uuid' })
  decisionId: string;

  /** Order in the sample (the decisions' order: decided_at, id). */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text', array: true })
  reasons: string[];
}
