import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ActionStatus } from '../domain/strategy-vocabulary';

/** An action agreed at a strategy discussion, with owner, due date and status (SPEC STR-3). */
@Entity('strategy_action')
@Index('ix_strategy_action_discussion', ['discussionId', 'position'], { unique: true })
export class StrategyAction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  discussionId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'uuid', nullable: true })
  ownerAgencyId: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerUserId: string | null;

  @Column({ type: 'text' })
  ownerName: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'text', default: 'open' })
  status: ActionStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
