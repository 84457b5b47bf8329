import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Contact } from './contact.entity';

/**
 * Information added to a contact after it was received (POST .../information): who added it and an
 * optional note; the concerns and evidence it brought carry its id. The referrer's own view shows only
 * the additions they made themselves.
 */
@Entity('contact_information')
@Index('ix_contact_information_contact', ['contactId', 'addedAt'])
export class ContactInformation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  @Column({ type: 'timestamptz' })
  addedAt: Date;

  /** referrer (the account that made the contact), mash_staff, or public (holder of the tracking token). */
  @Column({ type: 'text' })
  source: 'referrer' | 'mash_staff' | 'public';

  @Column({ type: 'uuid', nullable: true })
  addedByUserId: string | null;

  @Column({ type: 'text' })
  addedByRole: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
