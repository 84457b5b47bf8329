import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ConcernCategory } from '../domain/contact-vocabulary';
import { Contact } from './contact.entity';

/** One concern (SPEC INT-5): structured category, optional CIN factor code, narrative, incident date. */
@Entity('contact_concern')
@Index('ix_contact_concern_contact', ['contactId', 'position'], { unique: true })
export class ContactConcern {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, (c) => c.concerns, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  category: ConcernCategory;

  @Column({ type: 'text', nullable: true })
  cinFactorCode: string | null;

  @Column({ type: 'text' })
  description: string;

  /** When it happened, separate from when it was reported (SPEC INT-2, Q F2). */
  @Column({ type: 'date', nullable: true })
  incidentDate: string | null;

  /** Which subjects (contact_subject ids) the concern is about; empty means all of them. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  subjectIds: string[];

  /** Added after the original submission (POST .../information). */
  @Column({ type: 'timestamptz', nullable: true })
  addedAt: Date | null;

  /** The contact_information row that added it later; null when it came with the original submission. */
  @Column({ type: 'uuid', nullable: true })
  informationId: string | null;
}
