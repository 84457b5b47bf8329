import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { EvidenceType } from '../domain/contact-vocabulary';
import { Contact } from './contact.entity';

/** Evidence held (photo, video, message, witness) and who holds it (SPEC INT-2, Q 8.11). */
@Entity('contact_evidence')
@Index('ix_contact_evidence_contact', ['contactId', 'position'], { unique: true })
export class ContactEvidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, (c) => c.evidence, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  type: EvidenceType;

  /** Who holds it, e.g. referrer, school, police, parent. */
  @Column({ type: 'text' })
  heldBy: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Set when the item is shared with police at a strategy discussion (SPEC STR-3). */
  @Column({ type: 'timestamptz', nullable: true })
  sharedWithPoliceAt: Date | null;

  @Column({ type: 'text', nullable: true })
  sharedWithPoliceBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  addedAt: Date | null;

  /** The contact_information row that added it later; null when it came with the original submission. */
  @Column({ type: 'uuid', nullable: true })
  informationId: string | null;
}
