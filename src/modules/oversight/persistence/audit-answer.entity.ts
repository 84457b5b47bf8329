import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The audit form answered for one sampled decision (SPEC MGT-1). Answers are kept as given, keyed by
 * the question ids of the form version; `agrees` is derived once, when stored, from the form's
 * agreement questions, so the agreement rate is a SQL aggregate. A new answer by the same auditor
 * for the same item replaces the earlier one (one current answer per auditor and item).
 */
@Entity('audit_answer')
@Index('uq_audit_answer_current', ['itemId', 'auditorUserId'], { unique: true })
export class AuditAnswer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sampleId: string;

  @Column({ type: 'uuid' })
  itemId: string;

  @Column({ type: 'uuid' })
  decisionId: string;

  @Column({ type: 'uuid' })
  auditorUserId: string;

  @Column({ type: 'text' })
  formVersion: string;

  @Column({ type: 'jsonb' })
  answers: Record<string, unknown>;

  @Column({ type: 'boolean' })
  agrees: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  answeredAt: Date;
}
