import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AppUser } from '../../../auth/persistence/app-user.entity';

/**
 * An in-app notification for one user (SPEC RAG-5: a breach notifies the holder and the managers).
 * Messages carry references, kinds and times only: never names or narrative.
 */
@Entity('notification')
@Index('ix_notification_user', ['userId', 'createdAt'])
// A clock breach notifies each user once, however many sweeps see it.
@Index('uq_notification_clock', ['userId', 'kind', 'clockId'], { unique: true, where: 'clock_id IS NOT NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: AppUser;

  /** e.g. sla_breach */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  clockId: string | null;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'text' })
  message: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
