import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RequeueReason } from '../domain/requeue-reason';

export const STEP_DOWN_STATUSES = ['pending_acceptance', 'accepted', 'rejected', 'requeued', 'consent_declined'] as const;
export type StepDownStatus = (typeof STEP_DOWN_STATUSES)[number];

export interface PlanAction {
  action: string;
  owner: string;
  successCriteria: string;
}

/**
 * A step-down to early help (SPEC STEP-2): a workflow, not a closure. The MASH stays responsible
 * while it is `pending_acceptance`; the named lead professional (or a user of the receiving agency)
 * accepts or rejects it. Rejection, declined consent or the hard limit send the child back to the
 * triage queue as a new contact (requeue_contact_id); requeued_at is set exactly once.
 */
@Entity('step_down')
@Index('ix_step_down_person', ['personId', 'createdAt'])
@Index('ix_step_down_pending', ['hardLimitAt'], { where: "status = 'pending_acceptance' AND requeued_at IS NULL" })
@Index('ix_step_down_receiving_agency', ['receivingAgencyId', 'createdAt'])
@Index('uq_step_down_decision', ['decisionId'], { unique: true, where: 'decision_id IS NOT NULL' })
export class StepDown {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The contact the step-down came from (the decision's contact, or the child's latest contact). */
  @Column({ type: 'uuid' })
  contactId: string;

  /** contact_subject id of the child on that contact. */
  @Column({ type: 'uuid' })
  subjectId: string;

  /** Person-index id of the child, when linked. */
  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  /** The early_help decision that created it; null when MASH staff created it directly. */
  @Column({ type: 'uuid', nullable: true })
  decisionId: string | null;

  @Column({ type: 'text', default: 'pending_acceptance' })
  status: StepDownStatus;

  @Column({ type: 'uuid', nullable: true })
  receivingAgencyId: string | null;

  @Column({ type: 'uuid', nullable: true })
  leadProfessionalUserId: string | null;

  @Column({ type: 'text' })
  leadProfessionalName: string;

  @Column({ type: 'text', nullable: true })
  leadProfessionalEmail: string | null;

  @Column({ type: 'text', nullable: true })
  riskHandover: string | null;

  @Column({ type: 'jsonb', default: () => `'{"actions": []}'` })
  plan: { actions: PlanAction[] };

  @Column({ type: 'date', nullable: true })
  reviewDate: string | null;

  @Column({ type: 'uuid' })
  createdByUserId: string;

  /** STEP-3 blocks a senior manager overrode, with the reason. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  overriddenRules: string[];

  @Column({ type: 'text', nullable: true })
  overrideReason: string | null;

  /** The acceptance clock's due time (5 working days, cfg): the manager is alerted after it. */
  @Column({ type: 'timestamptz', nullable: true })
  acceptanceDueAt: Date | null;

  /** The hard limit (10 working days, cfg): the sweep re-queues the child after it. */
  @Column({ type: 'timestamptz', nullable: true })
  hardLimitAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  respondedByUserId: string | null;

  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  consentDeclinedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  consentDeclinedNote: string | null;

  /** Set once, by whichever of rejection, declined consent or the hard-limit sweep re-queued the child. */
  @Column({ type: 'timestamptz', nullable: true })
  requeuedAt: Date | null;

  /** rejected, consent_declined (a "reconsider threshold" task), hard_limit or challenge_changed. */
  @Column({ type: 'text', nullable: true })
  requeueReason: RequeueReason | null;

  /** The new contact, linked to contactId, that put the child back in the triage queue. */
  @Column({ type: 'uuid', nullable: true })
  requeueContactId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
