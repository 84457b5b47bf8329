import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FeedbackAudience, FeedbackKind, FeedbackStatus } from '../domain/feedback-vocabulary';

/**
 * One intended message (SPEC FB-1..FB-5): an acknowledgement or an outcome, to the referrer or to an
 * involved agency. The content is rendered and stored when the row is created, so what was sent
 * (and what the referrer's view shows) never changes when templates change later. Delivery state
 * (attempts, the server's answer, the stable Message-ID) lives here: the row is the truth, jobs
 * only carry its id.
 */
@Entity('feedback')
@Check('ck_feedback_status', `status IN ('pending', 'sending', 'sent', 'failed', 'not_possible_anonymous', 'waived')`)
@Check('ck_feedback_audience', `audience IN ('professional', 'public', 'involved_agency')`)
@Check('ck_feedback_kind', `kind IN ('acknowledgement', 'outcome')`)
@Index('uq_feedback_dedupe_key', ['dedupeKey'], { unique: true })
@Index('ix_feedback_contact', ['contactId', 'createdAt'])
@Index('ix_feedback_decision', ['decisionId'])
@Index('ix_feedback_status', ['status', 'nextAttemptAt'])
export class Feedback {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  // The foreign key to a row contacts owns, named rather than imported.
  @ManyToOne('Contact', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: object;

  /** contact_subject id, for outcome feedback (one decision per child). */
  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  /** threshold_decision id, for outcome feedback. */
  @Column({ type: 'uuid', nullable: true })
  decisionId: string | null;

  @Column({ type: 'text' })
  kind: FeedbackKind;

  @Column({ type: 'text' })
  audience: FeedbackAudience;

  /** The agency told (involved agencies, FB-3); null for the referrer. */
  @Column({ type: 'uuid', nullable: true })
  recipientAgencyId: string | null;

  /** Null when there is no address (anonymous, or an agency without one). */
  @Column({ type: 'text', nullable: true })
  recipientEmail: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: FeedbackStatus;

  /**
   * Makes creation idempotent: one acknowledgement per contact, one outcome message per decision
   * and recipient (e.g. `outcome:<decisionId>:agency:<agencyId>`), whatever retries happen.
   */
  @Column({ type: 'text' })
  dedupeKey: string;

  /** config/feedback-templates/feedback.yaml `version` the content was rendered with. */
  @Column({ type: 'text' })
  templateVersion: string;

  @Column({ type: 'text' })
  emailSubject: string;

  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  /** RFC 5322 Message-ID, fixed at creation and reused by every attempt and resend. */
  @Column({ type: 'text' })
  messageId: string;

  /** SMTP attempts ever made (resends included). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** The attempt count at which the current round gives up; a resend extends it. */
  @Column({ type: 'int' })
  attemptLimit: number;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  /** Why the last attempt failed (the server's answer or the connection problem), or why it cannot be sent. */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** The SMTP server's answer when it accepted the message (e.g. "250 Queued as ..."). */
  @Column({ type: 'text', nullable: true })
  serverResponse: string | null;

  /** When the SMTP server accepted the message: the feedback clock is met then (RAG-5). */
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'int', default: 0 })
  resendCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
