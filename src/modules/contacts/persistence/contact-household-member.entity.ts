import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { KnownRisk, ParentalResponsibility, Relationship, Sex } from '../domain/contact-vocabulary';
import { Contact } from './contact.entity';

/** An adult or child around the subjects (SPEC INT-4): fathers and male partners explicitly. */
@Entity('contact_household_member')
@Index('ix_contact_household_contact', ['contactId', 'position'], { unique: true })
@Index('ix_contact_household_person', ['personId'])
export class ContactHouseholdMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, (c) => c.household, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text', nullable: true })
  firstName: string | null;

  @Column({ type: 'text', nullable: true })
  lastName: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases: string[];

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'text', default: 'U' })
  sex: Sex;

  @Column({ type: 'text', nullable: true })
  nhsNumber: string | null;

  /** Relationship to the subject children (e.g. mother, father, mothers_partner). */
  @Column({ type: 'text' })
  relationship: Relationship;

  @Column({ type: 'boolean', nullable: true })
  resident: boolean | null;

  @Column({ type: 'text', default: 'unknown' })
  parentalResponsibility: ParentalResponsibility;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  knownRisks: KnownRisk[];

  /** When the identity is unknown (e.g. father unknown), why (SPEC INT-4, Q F4). */
  @Column({ type: 'text', nullable: true })
  unknownReason: string | null;

  @Column({ type: 'text', nullable: true })
  postcode: string | null;

  /** The person-index record (people module); null until matched. */
  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  /** When the person left the children's household, as MASH staff recorded it (SPEC PPL-2); null while they live there. */
  @Column({ type: 'timestamptz', nullable: true })
  leftAt: Date | null;
}
