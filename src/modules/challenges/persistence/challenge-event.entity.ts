import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The history the challenger sees (SPEC ESC-1): raised, escalated (by whom or by the clock), responded. */
@Entity('challenge_event')
@Index('ix_challenge_event', ['challengeId', 'at'])
export class ChallengeEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  challengeId: string;

  /** raised | escalated | responded */
  @Column({ type: 'text' })
  kind: 'raised' | 'escalated' | 'responded';

  @Column({ type: 'text' })
  stageKey: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  /** Null when the sweep escalated it (no answer in time). */
  @Column({ type: 'uuid', nullable: true })
  byUserId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
