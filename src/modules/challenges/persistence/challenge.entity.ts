import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A challenge by a referrer, the police or a partner agency of a grade, decision, declined strategy
 * request or step-down (SPEC ESC-1). It starts at the first stage of config/escalation.yaml; each
 * stage answers within the challenge_response clock (sla_clock, target_type 'challenge'); the sweep
 * moves it up a stage when the clock runs out. The stage history is in challenge_event.
 */
@Entity('challenge')
@Index('ix_challenge_challenger', ['challengerUserId', 'createdAt'])
@Index('ix_challenge_open', ['status', 'stageStartedAt'])
@Index('ix_challenge_target', ['targetType', 'targetId'])
// One open challenge per challenger and target: a second is a 409 while the first is being answered.
@Index('uq_challenge_open_target', ['targetType', 'targetId', 'challengerUserId'], { unique: true, where: "status = 'open'" })
export class Challenge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** decision | grade | strategy_decline | step_down */
  @Column({ type: 'text' })
  targetType: string;

  @Column({ type: 'uuid' })
  targetId: string;

  /** The contact the target belongs to (for scoping and the dashboard). */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  @Column({ type: 'uuid' })
  challengerUserId: string;

  @Column({ type: 'uuid', nullable: true })
  challengerAgencyId: string | null;

  @Column({ type: 'text' })
  challengerRole: string;

  @Column({ type: 'text' })
  reason: string;

  /** open | resolved */
  @Column({ type: 'text', default: 'open' })
  status: 'open' | 'resolved';

  /** Index into the configured stages (0 = first). */
  @Column({ type: 'int', default: 0 })
  stageIndex: number;

  /** Key of the current stage (e.g. team_manager), as configured when it entered the stage. */
  @Column({ type: 'text' })
  stageKey: string;

  @Column({ type: 'timestamptz' })
  stageStartedAt: Date;

  /** config/escalation.yaml version. */
  @Column({ type: 'text' })
  escalationVersion: string;

  /** upheld | changed | not_upheld */
  @Column({ type: 'text', nullable: true })
  outcome: 'upheld' | 'changed' | 'not_upheld' | null;

  @Column({ type: 'text', nullable: true })
  outcomeReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  respondedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  /** The decision that superseded the challenged one, when the outcome is `changed` on a decision. */
  @Column({ type: 'uuid', nullable: true })
  newDecisionId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
