import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const DECISION_OUTCOMES = ['nfa', 'advice_signpost', 'early_help', 'cin_assessment', 'strategy_discussion', 'immediate_protection', 'existing_case'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const DECISION_STATUSES = ['pending_approval', 'final', 'returned', 'superseded'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/**
 * The threshold decision for one child on one contact (SPEC DEC-1, DEC-2). The decisions issue (#6)
 * owns this table and adds the guard fields; people (flags: re-contact after NFA), feedback and
 * oversight read it. A final decision is never edited: a new one supersedes it (DEC-5).
 */
@Entity('threshold_decision')
@Index('ix_threshold_decision_subject', ['subjectId', 'decidedAt'])
@Index('ix_threshold_decision_person', ['personId', 'decidedAt'])
@Index('ix_threshold_decision_contact', ['contactId'])
export class ThresholdDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  /** contact_subject id */
  @Column({ type: 'uuid' })
  subjectId: string;

  /** person index id of the child, when linked */
  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ type: 'text' })
  outcome: DecisionOutcome;

  /** 1 universal, 2 early help, 3 child in need, 4 child protection */
  @Column({ type: 'int' })
  thresholdLevel: number;

  @Column({ type: 'text' })
  status: DecisionStatus;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ type: 'uuid' })
  decidedByUserId: string;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  /** When it became final (approval), null until then. */
  @Column({ type: 'timestamptz', nullable: true })
  finalAt: Date | null;

  @Column({ type: 'text' })
  frameworkVersion: string;

  @Column({ type: 'uuid', nullable: true })
  supersedesId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
