import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OutboundMessageStatus } from '../domain/outbound-message-vocabulary';

/**
 * One e-mail the service sends, whoever asked for it (feedback to referrers and agencies, step-down
 * notices, strategy minutes and decline notices): the rendered content, the recipient and the delivery state. The content is
 * stored when the message is queued, so what was sent never changes when a template changes. The
 * row is the truth; the `mail` queue's jobs carry its id only. `purpose`, `about_type`/`about_id`
 * and `audience` say what the message is for, so the owning feature reads its own messages back
 * (the `step_down_notification` and `strategy_message` views are such readings).
 */
@Entity('outbound_message')
@Check('ck_outbound_message_status', `status IN ('pending', 'sending', 'sent', 'failed', 'no_address')`)
@Index('uq_outbound_message_dedupe_key', ['dedupeKey'], { unique: true })
@Index('ix_outbound_message_about', ['aboutType', 'aboutId'])
@Index('ix_outbound_message_due', ['status', 'nextAttemptAt'])
export class OutboundMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * What the message is, `<feature>.<kind>` (e.g. `step_down.notice`, `strategy.minutes`); each has
   * its own template. Delivery is audited as `<feature>.message_sent|failed|unconfirmed` on the
   * record the message is about.
   */
  @Column({ type: 'text' })
  purpose: string;

  /** The record the message is about, as the audit trail names it (`step_down`, `strategy_discussion`). */
  @Column({ type: 'text' })
  aboutType: string;

  @Column({ type: 'uuid' })
  aboutId: string;

  /** Who it is for, in the purpose's words (e.g. `gp`, `referrer`, `invitee`). */
  @Column({ type: 'text' })
  audience: string;

  /** The recipient's own record where the purpose has one (a strategy discussion's invitee). */
  @Column({ type: 'uuid', nullable: true })
  recipientRef: string | null;

  /** One message per purpose, record and recipient, whatever re-runs (e.g. `step-down.<id>.gp`). */
  @Column({ type: 'text' })
  dedupeKey: string;

  /** Null when there is nobody to send it to (status `no_address`: shown to staff, nothing to retry). */
  @Column({ type: 'text', nullable: true })
  recipientEmail: string | null;

  @Column({ type: 'uuid', nullable: true })
  recipientAgencyId: string | null;

  /** The account whose own address the message went to, when the caller named an account. */
  @Column({ type: 'uuid', nullable: true })
  recipientAccountId: string | null;

  /**
   * The message had case content but its address was not verified, so the sign-in notice was
   * stored and sent instead (SPEC SEC-2; see domain/recipient-check.ts).
   */
  @Column({ type: 'boolean', default: false })
  caseContentWithheld: boolean;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  /** Display name for the sender (e.g. the team's name); the address is MAIL_FROM. */
  @Column({ type: 'text', nullable: true })
  fromName: string | null;

  /** Extra headers that let a mail log or a test find the message's record (X-MASH-...). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>;

  /** RFC 5322 Message-ID, fixed when queued and reused by every attempt. */
  @Column({ type: 'text' })
  messageId: string;

  @Column({ type: 'text', default: 'pending' })
  status: OutboundMessageStatus;

  /** SMTP attempts ever made (resends included). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** The attempt count at which the current round gives up; a resend extends it. */
  @Column({ type: 'int' })
  attemptLimit: number;

  /** Seconds to wait before attempt 2, 3, ...; the last value repeats (the purpose's policy, fixed when queued). */
  @Column({ type: 'jsonb' })
  backoffSeconds: number[];

  /** When the next attempt is due (pending only); the sweep re-queues a message well past it. */
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  /** Why the last attempt failed, or why the message was not confirmed. */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** The SMTP server's answer when it accepted the message. */
  @Column({ type: 'text', nullable: true })
  serverResponse: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
