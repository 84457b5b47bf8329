import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AccumulationFlag } from '../../people/people-for-triage';
import type { Grade } from '../domain/grades';
import type { FiredRule } from '../domain/rule-engine';

/**
 * One child's grade on one contact (SPEC RAG-2, RAG-3): the provisional grade with the rules that
 * fired and the flags and facts it was graded on (a snapshot, so the worker sees why even after the
 * history changes), and the grade in effect after a worker's confirmation or a manager's approval.
 * Every change is also a subject_grade_change row.
 */
@Entity('subject_grade')
@Index('ix_subject_grade_contact', ['contactId'])
@Index('ix_subject_grade_person', ['personId'])
export class SubjectGrade {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  // The foreign key to a row contacts owns, named rather than imported.
  @ManyToOne('Contact', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: object;

  /** contact_subject id; one grade row per child per contact. */
  @Index('uq_subject_grade_subject', { unique: true })
  @Column({ type: 'uuid' })
  subjectId: string;

  // The foreign key to a row contacts owns, named rather than imported.
  @ManyToOne('ContactSubject', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subject_id' })
  subject?: object;

  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ type: 'text' })
  provisionalGrade: Grade;

  @Column({ type: 'jsonb' })
  firedRules: FiredRule[];

  @Column({ type: 'jsonb' })
  flags: AccumulationFlag[];

  @Column({ type: 'jsonb' })
  facts: Record<string, number | boolean>;

  /** The grade in effect: provisional until confirmed, raised, or lowered with approval. */
  @Column({ type: 'text' })
  grade: Grade;

  /** Set once a worker has confirmed or changed the grade (and, for a lowering, once approved). */
  @Column({ type: 'text', nullable: true })
  confirmedGrade: Grade | null;

  /** Criterion id from the framework (e.g. AMBER.harm-not-ruled-out). */
  @Column({ type: 'text', nullable: true })
  criterion: string | null;

  @Column({ type: 'text', nullable: true })
  rationale: string | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** Lowest grade a manager approved for this child (RAG-3: below an "immediate risk" referrer). */
  @Column({ type: 'text', nullable: true })
  approvedFloor: Grade | null;

  /**
   * The rules raised this grade after information arrived: in effect at once, waiting for a worker
   * to confirm it (cleared by the worker's confirmation or change).
   */
  @Column({ type: 'boolean', default: false })
  awaitingConfirmation: boolean;

  /** Framework version of the grade in effect. */
  @Column({ type: 'text' })
  frameworkVersion: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
