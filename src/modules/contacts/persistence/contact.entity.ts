import { Column, CreateDateColumn, Entity, Index, OneToMany, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Channel, ConsentStatus, ContactStatus, ReferrerType, Urgency } from '../domain/contact-vocabulary';
import { ContactConcern } from './contact-concern.entity';
import { ContactEvidence } from './contact-evidence.entity';
import { ContactHouseholdMember } from './contact-household-member.entity';
import { ContactReferrer } from './contact-referrer.entity';
import { ContactSubject } from './contact-subject.entity';

/** Any information received about one or more children (SPEC §1, INT-2). */
@Entity('contact')
@Index('ix_contact_submitted_by', ['submittedByUserId', 'receivedAt'])
@Index('ix_contact_status_received', ['status', 'receivedAt'])
// Finds an identical submission from the same submitter in the last minutes (SPEC INT-8).
@Index('ix_contact_request_hash', ['requestHash', 'receivedAt'])
@Index('uq_contact_idempotency', ['idempotencyScope', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class Contact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human reference, e.g. MASH-2026-000123 (sequence per year). */
  @Index('uq_contact_reference', { unique: true })
  @Column({ type: 'text' })
  reference: string;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'text', default: 'received' })
  status: ContactStatus;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  /** The account that submitted it (null for public contacts). */
  @Column({ type: 'uuid', nullable: true })
  submittedByUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  submittedByAgencyId: string | null;

  /** Recorded for source-neutrality reporting only; never an input to grading (SPEC INT-10). */
  @Column({ type: 'text' })
  referrerType: ReferrerType;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  /** CIN census referral source code (config/code-lists). */
  @Column({ type: 'text', nullable: true })
  referralSource: string | null;

  // The referrer's own view (SPEC INT-2, TRI 7.2)
  @Column({ type: 'boolean', nullable: true })
  referrerSaysChildProtection: boolean | null;

  @Column({ type: 'text', nullable: true })
  referrerHarm: string | null;

  @Column({ type: 'text', nullable: true })
  referrerWhatShouldHappen: string | null;

  @Column({ type: 'text', nullable: true })
  urgency: Urgency | null;

  /** Children's social care attended the incident with the police (SPEC STR-2); null when not said. */
  @Column({ type: 'boolean', nullable: true })
  socialCareAttended: boolean | null;

  @Column({ type: 'text', default: 'unknown' })
  consentStatus: ConsentStatus;

  @Column({ type: 'text', nullable: true })
  consentReason: string | null;

  /** sha256 of the public tracking token; the token itself is never stored (SPEC SEC-5). */
  @Column({ type: 'text', nullable: true, select: false })
  trackingTokenHash: string | null;

  /** Idempotency-Key scope: the submitting user id, or "public". */
  @Column({ type: 'text', nullable: true })
  idempotencyScope: string | null;

  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** sha256 of the canonical request body, to tell a retry from a different body under the same key. */
  @Column({ type: 'text', nullable: true })
  requestHash: string | null;

  /** An identical submission within minutes is stored and linked, never merged (SPEC INT-8). */
  @Column({ type: 'uuid', nullable: true })
  possibleDuplicateOfId: string | null;

  /**
   * Information that arrived after every child of an earlier contact was decided opens a new contact
   * (never a note on a closed record): the earlier contact it follows.
   */
  @Index('ix_contact_follows')
  @Column({ type: 'uuid', nullable: true })
  followsContactId: string | null;

  /**
   * Automatic grading gave up (every attempt failed): the contact waits in the queue to be graded by
   * hand. Set by the triage job's failure listener through ContactStatusWriter; the reason is shown
   * to MASH staff only.
   */
  @Column({ type: 'timestamptz', nullable: true })
  gradingFailedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  gradingFailureReason: string | null;

  @OneToOne(() => ContactReferrer, (r) => r.contact)
  referrer?: ContactReferrer;

  @OneToMany(() => ContactSubject, (s) => s.contact)
  subjects?: ContactSubject[];

  @OneToMany(() => ContactHouseholdMember, (m) => m.contact)
  household?: ContactHouseholdMember[];

  @OneToMany(() => ContactConcern, (c) => c.contact)
  concerns?: ContactConcern[];

  @OneToMany(() => ContactEvidence, (e) => e.contact)
  evidence?: ContactEvidence[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
