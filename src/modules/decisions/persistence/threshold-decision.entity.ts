import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChildSeenAlone, DecisionOutcome, DecisionStatus, RagGrade } from '../domain/decision-vocabulary';

// The vocabulary lives in the pure domain; re-exported here for the modules that import it from the entity.
export { DECISION_OUTCOMES, DECISION_STATUSES } from '../domain/decision-vocabulary';
export type { DecisionOutcome, DecisionStatus } from '../domain/decision-vocabulary';

/** The lead professional named on a step-down (SPEC STEP-2), carried by an early_help decision. */
export interface LeadProfessional {
  userId?: string | null;
  name: string;
  agencyId?: string | null;
  email?: string | null;
}

/** What an early_help decision hands over with the child besides the lead professional (SPEC STEP-2). */
export interface StepDownHandover {
  riskHandover?: string | null;
  plan?: { actions: { action: string; owner: string; successCriteria: string }[] } | null;
  reviewDate?: string | null;
}

/**
 * The threshold decision for one child on one contact (SPEC DEC-1, DEC-2). The decisions module
 * owns this table; people (flags: re-contact after NFA), feedback and oversight read it.
 *
 * DEC-5 at the database level: a trigger makes a `final` or `superseded` row read-only; the one
 * change allowed is final -> superseded, setting superseded_by_id (and superseded_at) once. A new
 * decision supersedes the old with a reason (supersedes_id, supersede_reason on the new row).
 *
 * One current decision per child: at most one `final` row per subject, and no fresh
 * `pending_approval` row beside it; a pending row that supersedes a final one may wait beside it for
 * its approval (uq_threshold_decision_current), and a final decision has at most one pending or
 * final successor (uq_threshold_decision_successor).
 */
@Entity('threshold_decision')
@Index('ix_threshold_decision_subject', ['subjectId', 'decidedAt'])
@Index('ix_threshold_decision_person', ['personId', 'decidedAt'])
@Index('ix_threshold_decision_contact', ['contactId'])
@Index('uq_threshold_decision_current', ['subjectId'], {
  unique: true,
  where: "status = 'final' OR (status = 'pending_approval' AND supersedes_id IS NULL)",
})
@Index('uq_threshold_decision_successor', ['supersedesId'], { unique: true, where: "status IN ('pending_approval', 'final')" })
@Index('ix_threshold_decision_overrides', ['decidedAt'], { where: 'cardinality(overridden_rules) > 0' })
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

  // --- The decision form (SPEC DEC-3, DEC-6). New columns are nullable or defaulted so rows written
  // by other modules' tests with the original columns stay valid.

  /** The child's confirmed grade when decided (RAG-3). */
  @Column({ type: 'text', nullable: true })
  gradeAtDecision: RagGrade | null;

  /** PPL-4 accumulation flags (rule ids) on the child when decided. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flagsAtDecision: string[];

  @Column({ type: 'boolean', default: false })
  historyReviewed: boolean;

  @Column({ type: 'text', nullable: true })
  riskAnalysis: string | null;

  @Column({ type: 'text', nullable: true })
  reasonsThresholdNotMet: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  alternativeSupport: string[];

  /** Codes of config/decision-reasons.yaml (the sole-reason guard works on these, never on free text). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  reasonCodes: string[];

  /** Version of config/decision-reasons.yaml the codes come from. */
  @Column({ type: 'text', nullable: true })
  reasonCatalogueVersion: string | null;

  @Column({ type: 'text', nullable: true })
  childSeenAlone: ChildSeenAlone | null;

  @Column({ type: 'text', nullable: true })
  childSeenAloneWhyNot: string | null;

  @Column({ type: 'boolean', nullable: true })
  checksDone: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  strategyDiscussionConsidered: boolean | null;

  /** The referrer called it a child protection referral (copied from the contact when decided). */
  @Column({ type: 'boolean', default: false })
  referrerSaidChildProtection: boolean;

  /** DEC-6: how the decision answers the referrer's child-protection view; feedback then carries the challenge route. */
  @Column({ type: 'text', nullable: true })
  referrerDisagreementAddressed: string | null;

  /** STEP-2: named lead professional for a step-down. */
  @Column({ type: 'jsonb', nullable: true })
  leadProfessional: LeadProfessional | null;

  /** STEP-2: the risk handover, plan and review date of the step-down an early_help decision proposes. */
  @Column({ type: 'jsonb', nullable: true })
  stepDown: StepDownHandover | null;

  // --- Overrides (DEC-3) and approval (DEC-4, RAG-6)

  /** DEC-3 rule ids a manager overrode; non-empty rows make the override register. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  overriddenRules: string[];

  @Column({ type: 'text', nullable: true })
  overrideReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  overriddenByUserId: string | null;

  /** Why the decision waits for a manager (DEC-4.nfa, DEC-4.downgrade, DEC-4.override, ..., RAG-6.pre-closure). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  approvalReasons: string[];

  /** Managers other than the decider who must approve (0 when final at once; 2 for RAG-6 when a worker decided). */
  @Column({ type: 'int', default: 0 })
  approvalsRequired: number;

  /** RAG-6: a second manager reviews. */
  @Column({ type: 'boolean', default: false })
  requiresSecondManager: boolean;

  /** Managers (never the decider) whose approval made it final. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  approvedByUserIds: string[];

  /** The approval request (triage's approval mechanism), when one was made. */
  @Column({ type: 'uuid', nullable: true })
  approvalId: string | null;

  // --- Supersession (DEC-5)

  @Column({ type: 'text', nullable: true })
  supersedeReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  supersededById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  supersededAt: Date | null;
}
