import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FeedbackAudience, FeedbackKind } from '../domain/feedback-vocabulary';

/**
 * One intended message (SPEC FB-1..FB-5): an acknowledgement or an outcome, to the referrer or to an
 * involved agency: what was decided and said, and to whom. The content is rendered and stored when
 * the row is created, so what was said (and what the referrer's view shows) never changes when
 * templates change later. Its e-mail, with the address and the delivery state, is the
 * outbound_message about it (`about_type = 'feedback'`), owned by the mail module.
 */
@Entity('feedback')
@Check('ck_feedback_audience', `audience IN ('professional', 'public', 'involved_agency')`)
@Check('ck_feedback_kind', `kind IN ('acknowledgement', 'outcome')`)
@Index('uq_feedback_dedupe_key', ['dedupeKey'], { unique: true })
@Index('ix_feedback_contact', ['contactId', 'createdAt'])
@Index('ix_feedback_decision', ['decisionId'])
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

  /** How many times MASH staff resent the message (each audited as `feedback.resend`). */
  @Column({ type: 'int', default: 0 })
  resendCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
