import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Contact } from './contact.entity';

/**
 * The referrer's identity, kept apart from the contact because it is a restricted field: never in
 * family-facing output, never shown to partners who do not need it (SPEC FB-5).
 */
@Entity('contact_referrer')
export class ContactReferrer {
  @PrimaryColumn({ type: 'uuid' })
  contactId: string;

  @OneToOne(() => Contact, (c) => c.referrer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  role: string | null;

  @Column({ type: 'text', nullable: true })
  organisation: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** e.g. teacher, grandparent, neighbour, self */
  @Column({ type: 'text', nullable: true })
  relationshipToChild: string | null;
}
