import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AddressType, Sex } from '../domain/contact-vocabulary';
import { Contact } from './contact.entity';

/** A child (or unborn child) the contact is about (SPEC INT-3). Each gets its own grade and decision. */
@Entity('contact_subject')
@Index('ix_contact_subject_contact', ['contactId', 'position'], { unique: true })
@Index('ix_contact_subject_person', ['personId'])
export class ContactSubject {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, (c) => c.subjects, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  /** Order on the contact (0-based), as `subjectIndexes` of concerns refer to it. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text', nullable: true })
  firstName: string | null;

  @Column({ type: 'text', nullable: true })
  lastName: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases: string[];

  /** Free words about a child whose name is not known ("the girl at number 4, about six"). */
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  /** Unborn child: expected delivery date instead of a date of birth. */
  @Column({ type: 'date', nullable: true })
  expectedDeliveryDate: string | null;

  @Column({ type: 'text', default: 'U' })
  sex: Sex;

  @Column({ type: 'text', nullable: true })
  nhsNumber: string | null;

  @Column({ type: 'text', nullable: true })
  addressLine1: string | null;

  @Column({ type: 'text', nullable: true })
  addressLine2: string | null;

  @Column({ type: 'text', nullable: true })
  town: string | null;

  @Column({ type: 'text', nullable: true })
  postcode: string | null;

  @Column({ type: 'text', default: 'unknown' })
  addressType: AddressType;

  @Column({ type: 'text', nullable: true })
  school: string | null;

  @Column({ type: 'text', nullable: true })
  gpPractice: string | null;

  @Column({ type: 'text', nullable: true })
  disability: string | null;

  @Column({ type: 'text', nullable: true })
  communicationNeeds: string | null;

  @Column({ type: 'text', nullable: true })
  firstLanguage: string | null;

  @Column({ type: 'boolean', nullable: true })
  interpreterNeeded: boolean | null;

  /** Whether the referrer saw the child (for DA notifications, each child and whether seen, SPEC INT-5). */
  @Column({ type: 'boolean', nullable: true })
  seenByReferrer: boolean | null;

  /** The person-index record this subject is linked to (people module); null until matched. */
  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  /**
   * Set when the child was listed in the household rather than named by the referrer (SPEC INT-4:
   * every child in the household gets a grade and a decision of its own): the household row it came from.
   */
  @Column({ type: 'uuid', nullable: true })
  householdMemberId: string | null;
}
