import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Grade } from '../domain/grades';

/**
 * Triage state of one contact, kept apart from the contact itself (contacts owns that
 * table). Its primary key is the contact id: inserting it is the "graded once" guard (REL-3) - a
 * retried or duplicated triage job finds the row and does nothing.
 */
@Entity('contact_triage')
// The queue: open contacts by decision due time.
@Index('ix_contact_triage_due', ['decisionDueAt', 'contactId'])
@Index('ix_contact_triage_assignee', ['assignedToUserId', 'decisionDueAt'])
export class ContactTriage {
  @PrimaryColumn({ type: 'uuid' })
  contactId: string;

  // The foreign key to a row contacts owns, named rather than imported.
  @ManyToOne('Contact', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: object;

  /** Highest grade in effect among the contact's children (RAG-4). */
  @Column({ type: 'text' })
  grade: Grade;

  /** Highest provisional grade the engine gave (never changes after grading). */
  @Column({ type: 'text' })
  provisionalGrade: Grade;

  /** Mirrors the running decision_due clock, for ordering the queue. */
  @Column({ type: 'timestamptz' })
  decisionDueAt: Date;

  @Column({ type: 'uuid' })
  decisionClockId: string;

  @Column({ type: 'uuid', nullable: true })
  assignedToUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  /** Threshold framework version of the provisional grading. */
  @Column({ type: 'text' })
  frameworkVersion: string;

  @CreateDateColumn({ type: 'timestamptz' })
  gradedAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
