import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { IcpcOutcome, MeetingMode, StrategyOutcome, StrategyStatus, StrategyUrgency } from '../domain/strategy-vocabulary';

export interface AgencyView {
  agencyId: string;
  view: string;
  dissent: string | null;
}

/**
 * A strategy discussion for one child (SPEC §7): requested (STR-1), then convened or declined, then
 * held with its record (STR-3); minutes are distributed from the record (STR-4). A reconvened
 * discussion is a new row pointing at the previous one, starting with its summary and list.
 */
@Entity('strategy_discussion')
@Index('ix_strategy_discussion_subject', ['subjectId', 'requestedAt'])
@Index('ix_strategy_discussion_person', ['personId', 'requestedAt'])
@Index('ix_strategy_discussion_requester', ['requestedByUserId', 'requestedAt'])
@Index('ix_strategy_discussion_status', ['status', 'requestedAt'])
export class StrategyDiscussion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  /** contact_subject id: the child. */
  @Column({ type: 'uuid' })
  subjectId: string;

  /** Person-index id of the child, when linked. */
  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ type: 'text' })
  status: StrategyStatus;

  // --- Request (STR-1)
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text' })
  urgency: StrategyUrgency;

  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  requestedByUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedByAgencyId: string | null;

  @Column({ type: 'text' })
  requestedByRole: string;

  /** The threshold decision (outcome strategy_discussion) that made the request, if any. */
  @Column({ type: 'uuid', nullable: true })
  decisionId: string | null;

  // --- Convene
  @Column({ type: 'timestamptz', nullable: true })
  scheduledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  mode: MeetingMode | null;

  @Column({ type: 'uuid', nullable: true })
  chairUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  convenedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  convenedByUserId: string | null;

  // --- Decline (STR-1: manager, reason, agencies consulted, alternative plan)
  @Column({ type: 'timestamptz', nullable: true })
  declinedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  declinedByUserId: string | null;

  @Column({ type: 'text', nullable: true })
  declineReason: string | null;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  agenciesConsulted: string[];

  @Column({ type: 'text', nullable: true })
  alternativePlan: string | null;

  // --- Record (STR-3)
  @Column({ type: 'timestamptz', nullable: true })
  heldAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  recordedByUserId: string | null;

  @Column({ type: 'text', nullable: true })
  informationShared: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  agencyViews: AgencyView[];

  @Column({ type: 'text', nullable: true })
  outcome: StrategyOutcome | null;

  @Column({ type: 'boolean', nullable: true })
  icpcRequired: boolean | null;

  /** 15 working days after the discussion (Europe/London date), when an ICPC is required. */
  @Column({ type: 'date', nullable: true })
  icpcDueDate: string | null;

  @Column({ type: 'text', nullable: true })
  childSeenAlonePlan: string | null;

  // --- ICPC held (STR-3, RAG-5: meets the ICPC clock)
  @Column({ type: 'timestamptz', nullable: true })
  icpcHeldAt: Date | null;

  @Column({ type: 'text', nullable: true })
  icpcOutcome: IcpcOutcome | null;

  @Column({ type: 'uuid', nullable: true })
  icpcRecordedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  icpcRecordedAt: Date | null;

  // --- Minutes (STR-4)
  @Column({ type: 'text', nullable: true })
  minutesText: string | null;

  @Column({ type: 'text', nullable: true })
  minutesHtml: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  minutesDistributedAt: Date | null;

  // --- Reconvened (STR-4: carries forward the previous summary and distribution list)
  @Column({ type: 'uuid', nullable: true })
  previousDiscussionId: string | null;

  @Column({ type: 'text', nullable: true })
  previousSummary: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
