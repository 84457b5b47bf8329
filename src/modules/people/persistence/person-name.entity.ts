import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Person } from './person.entity';

export type PersonNameKind = 'primary' | 'alias' | 'previous';
/** Where an observation of a person came from; contact sources are removed again when the link is undone. */
export type PersonSourceKind = 'contact_subject' | 'contact_household_member' | 'manual' | 'import';

/**
 * Every name a person has been known by (SPEC PPL-1, TRI 4.3.6): the name on each linked contact
 * ('primary'), aliases and previous names. `first_norm`/`last_norm` are normalised (domain/names.ts)
 * and indexed by hand in the migration: a GIN trigram index on last_norm and a Double Metaphone
 * expression index on (last_norm, first_norm), so "Smyth" finds "Smith" among a million persons.
 */
@Entity('person_name')
@Index('ix_person_name_person', ['personId'])
@Index('ix_person_name_source', ['sourceId'], { where: 'source_id IS NOT NULL' })
@Index('ix_person_name_phonetic', { synchronize: false })
@Index('ix_person_name_last_trgm', { synchronize: false })
export class PersonName {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: Person;

  @Column({ type: 'text' })
  kind: PersonNameKind;

  @Column({ type: 'text', nullable: true })
  firstName: string | null;

  @Column({ type: 'text', nullable: true })
  lastName: string | null;

  @Column({ type: 'text', default: '' })
  firstNorm: string;

  @Column({ type: 'text', default: '' })
  lastNorm: string;

  @Column({ type: 'text' })
  sourceKind: PersonSourceKind;

  /** contact_subject or contact_household_member id, for contact sources. */
  @Column({ type: 'uuid', nullable: true })
  sourceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'timestamptz' })
  observedAt: Date;
}
