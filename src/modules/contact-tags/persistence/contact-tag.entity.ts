import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ContactTagKind, ContactTagStatus } from '../domain/contact-tag-vocabulary';

/**
 * A tag on a contact (SPEC INT-10): "malicious/vexatious", proposed with evidence by MASH staff and
 * standing only once another manager approves it. A tag is a note for the people who read the
 * contact: it never closes the contact, changes its status or grade, or feeds any rule.
 */
@Entity('contact_tag')
@Index('ix_contact_tag_contact', ['contactId', 'createdAt'])
@Index('uq_contact_tag_open', ['contactId', 'kind'], { unique: true, where: "status IN ('proposed', 'approved')" })
export class ContactTag {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @Column({ type: 'text' })
  kind: ContactTagKind;

  @Column({ type: 'text' })
  status: ContactTagStatus;

  /** What shows the contact was malicious or vexatious (INT-10: evidence is required). */
  @Column({ type: 'text' })
  evidence: string;

  @Column({ type: 'uuid' })
  proposedByUserId: string;

  /** The manager approval (approval table, kind contact_tag) that decides it. */
  @Column({ type: 'uuid', nullable: true })
  approvalId: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionComments: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
