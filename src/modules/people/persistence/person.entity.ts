import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Sex } from '../../contacts/domain/contact-vocabulary';
import type { PersonKind } from '../domain/people-vocabulary';

/**
 * A child or adult in the person index (SPEC PPL-1), matched across contacts. The name, date of birth,
 * sex and NHS number shown are a summary refreshed from the linked contact subjects and household
 * members (newest first); names and addresses over time live in person_name and person_address.
 */
@Entity('person')
@Index('ix_person_dob', ['dateOfBirth'])
@Index('uq_person_nhs_number', ['nhsNumber'], { unique: true, where: 'nhs_number IS NOT NULL AND merged_into_id IS NULL' })
@Index('ix_person_merged_into', ['mergedIntoId'], { where: 'merged_into_id IS NOT NULL' })
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** How the person was first seen: as a subject (child) or a household member (adult). Children grow up; history keeps both. */
  @Column({ type: 'text' })
  kind: PersonKind;

  @Column({ type: 'text', nullable: true })
  firstName: string | null;

  @Column({ type: 'text', nullable: true })
  lastName: string | null;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  /** Unborn child: expected delivery date instead of a date of birth. */
  @Column({ type: 'date', nullable: true })
  expectedDeliveryDate: string | null;

  @Column({ type: 'text', default: 'U' })
  sex: Sex;

  /** Ten digits; unique among persons that are not merged into another. */
  @Column({ type: 'text', nullable: true })
  nhsNumber: string | null;

  /** The latest postcode seen, as given. */
  @Column({ type: 'text', nullable: true })
  postcode: string | null;

  /** Set when a worker merged this person into another (reversible: person_merge). */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
