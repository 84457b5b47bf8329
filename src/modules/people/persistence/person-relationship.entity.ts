import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A relationship between two persons as one contact stated it (SPEC PPL-2): "related person is person's
 * <relationship>", stored in both directions (domain/relationships.ts). Rebuilt from the contact's
 * links whenever they change, so an unlink or a merge never leaves a stale relationship behind; the
 * same pair seen on many contacts is many rows, each with its source contact.
 */
@Entity('person_relationship')
@Index('uq_person_relationship', ['personId', 'relatedPersonId', 'relationship', 'sourceContactId'], { unique: true })
@Index('ix_person_relationship_source', ['sourceContactId'])
export class PersonRelationship {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @Column({ type: 'uuid' })
  relatedPersonId: string;

  @Column({ type: 'text' })
  relationship: string;

  /** yes / no / unknown, for an adult's relationship to a child. */
  @Column({ type: 'text', nullable: true })
  parentalResponsibility: string | null;

  @Column({ type: 'boolean', nullable: true })
  resident: boolean | null;

  /** The contact's received time: the relationship was known from then. */
  @Column({ type: 'timestamptz' })
  validFrom: Date;

  @Column({ type: 'timestamptz', nullable: true })
  validTo: Date | null;

  @Column({ type: 'uuid' })
  sourceContactId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
