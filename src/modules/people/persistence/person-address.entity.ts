import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AddressType } from '../../contacts/domain/contact-vocabulary';
import type { PersonSourceKind } from './person-name.entity';
import { Person } from './person.entity';

/** Address history (SPEC PPL-1, PPL-4 "frequent mover"): each address a person was recorded at, from when, of what type. */
@Entity('person_address')
@Index('ix_person_address_person', ['personId', 'observedAt'])
@Index('ix_person_address_postcode', ['postcodeNorm'], { where: 'postcode_norm IS NOT NULL' })
@Index('ix_person_address_source', ['sourceId'], { where: 'source_id IS NOT NULL' })
export class PersonAddress {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: Person;

  @Column({ type: 'text', nullable: true })
  line1: string | null;

  @Column({ type: 'text', nullable: true })
  line2: string | null;

  @Column({ type: 'text', nullable: true })
  town: string | null;

  @Column({ type: 'text', nullable: true })
  postcode: string | null;

  /** Upper case, no spaces (domain/names.ts normalizePostcode). */
  @Column({ type: 'text', nullable: true })
  postcodeNorm: string | null;

  @Column({ type: 'text', default: 'unknown' })
  addressType: AddressType;

  @Column({ type: 'date', nullable: true })
  fromDate: string | null;

  @Column({ type: 'date', nullable: true })
  toDate: string | null;

  @Column({ type: 'text' })
  sourceKind: PersonSourceKind;

  @Column({ type: 'uuid', nullable: true })
  sourceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'timestamptz' })
  observedAt: Date;
}
