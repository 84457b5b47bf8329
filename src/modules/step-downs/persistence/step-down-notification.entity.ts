import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import type { NotifyAudience } from '../domain/notify-audience';

/**
 * One "who is the lead professional" message after a step-down is accepted (SPEC STEP-2): to the
 * child's GP, school or setting, and the referrer. One row per audience (unique), written when the
 * message was sent or when there was nobody to send it to, so a re-run job never sends twice.
 */
@Entity('step_down_notification')
@Index('uq_step_down_notification', ['stepDownId', 'audience'], { unique: true })
export class StepDownNotification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stepDownId: string;

  @Column({ type: 'text' })
  audience: NotifyAudience;

  /** sent, or no_address (no matching agency or e-mail: shown to staff, nothing to retry). */
  @Column({ type: 'text' })
  status: 'sent' | 'no_address';

  @Column({ type: 'text', nullable: true })
  recipientEmail: string | null;

  @Column({ type: 'uuid', nullable: true })
  recipientAgencyId: string | null;

  @Column({ type: 'text', nullable: true })
  messageId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
