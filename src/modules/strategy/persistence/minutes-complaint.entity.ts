import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An invitee saying the minutes did not reach them (SPEC STR-4, CRAG 8); counted on the dashboard until resolved. */
@Entity('strategy_minutes_complaint')
@Index('ix_strategy_minutes_complaint_open', ['reportedAt'], { where: 'resolved_at IS NULL' })
export class StrategyMinutesComplaint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  discussionId: string;

  @Column({ type: 'uuid' })
  reportedByUserId: string;

  @Column({ type: 'uuid', nullable: true })
  reportedByAgencyId: string | null;

  @Column({ type: 'timestamptz' })
  reportedAt: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
