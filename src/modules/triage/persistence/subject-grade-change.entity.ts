import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Grade } from '../domain/grades';
import { SubjectGrade } from './subject-grade.entity';

export const GRADE_CHANGE_KINDS = ['provisional', 'confirmed', 'raised', 'lowering_requested', 'lowering_approved', 'lowering_rejected', 'raised_by_rules', 'graded_by_hand'] as const;
export type GradeChangeKind = (typeof GRADE_CHANGE_KINDS)[number];

/** The history of one child's grade: provisional, confirmed, raised, lowering requested/approved/rejected. Append-only. */
@Entity('subject_grade_change')
@Index('ix_subject_grade_change_subject', ['subjectId', 'createdAt'])
export class SubjectGradeChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  subjectGradeId: string;

  @ManyToOne(() => SubjectGrade, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subject_grade_id' })
  subjectGrade?: SubjectGrade;

  @Column({ type: 'uuid' })
  contactId: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'text' })
  kind: GradeChangeKind;

  @Column({ type: 'text', nullable: true })
  fromGrade: Grade | null;

  @Column({ type: 'text' })
  toGrade: Grade;

  @Column({ type: 'text', nullable: true })
  criterion: string | null;

  @Column({ type: 'text', nullable: true })
  rationale: string | null;

  /** null for the worker process (provisional grading). */
  @Column({ type: 'uuid', nullable: true })
  byUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  approvalId: string | null;

  @Column({ type: 'text' })
  frameworkVersion: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
