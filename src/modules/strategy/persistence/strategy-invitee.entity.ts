import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Attendance, InviteReason } from '../domain/strategy-vocabulary';

/**
 * One agency (and optionally one named person of it) on a strategy discussion's list (SPEC STR-3):
 * invited, or added at the record because they attended without an invitation (`invited` false).
 * Everyone on the list receives the minutes, absent ones included (STR-4, TRI 7.3).
 */
@Entity('strategy_invitee')
@Index('ix_strategy_invitee_discussion', ['discussionId'])
@Index('ix_strategy_invitee_agency', ['agencyId'])
@Index('ix_strategy_invitee_user', ['userId'])
export class StrategyInvitee {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  discussionId: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  /** A named person who has no account. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** Where the minutes go: the user's address, else the agency's. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'boolean', default: true })
  invited: boolean;

  @Column({ type: 'text' })
  inviteReason: InviteReason;

  @Column({ type: 'text', nullable: true })
  attendance: Attendance | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
