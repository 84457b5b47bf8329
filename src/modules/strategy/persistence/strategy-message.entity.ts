import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type StrategyMessageKind = 'minutes' | 'decline';
export type StrategyMessageStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'no_address';

/**
 * One e-mail of a strategy discussion: the minutes to one recipient (STR-4: a row and a sent time per
 * recipient), or the decline notice to the requester (STR-1). Sent by the strategy processor through
 * the outbox; the row's status makes sending idempotent (never twice).
 */
@Entity('strategy_message')
@Index('uq_strategy_message_minutes', ['discussionId', 'inviteeId'], { unique: true, where: "kind = 'minutes'" })
@Index('uq_strategy_message_decline', ['discussionId'], { unique: true, where: "kind = 'decline'" })
export class StrategyMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  discussionId: string;

  @Column({ type: 'text' })
  kind: StrategyMessageKind;

  @Column({ type: 'uuid', nullable: true })
  inviteeId: string | null;

  @Column({ type: 'text', nullable: true })
  recipientEmail: string | null;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  /** Stable across retries (RFC 5322 Message-ID). */
  @Column({ type: 'text' })
  messageId: string;

  @Column({ type: 'text', default: 'pending' })
  status: StrategyMessageStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
