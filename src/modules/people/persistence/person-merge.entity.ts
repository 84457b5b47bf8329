import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A merge of one person into another (SPEC PPL-1), and what it moved, so it can be reverted exactly:
 * the contact links, names, addresses and flags that pointed at `fromPersonId`.
 */
@Entity('person_merge')
@Index('ix_person_merge_from', ['fromPersonId'])
@Index('ix_person_merge_into', ['intoPersonId'])
export class PersonMerge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  fromPersonId: string;

  @Column({ type: 'uuid' })
  intoPersonId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  movedSubjectIds: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  movedHouseholdIds: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  movedNameIds: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  movedAddressIds: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  movedFlagIds: string[];

  /** The surviving person's summary before the merge, restored on revert when it has no contact source of its own. */
  @Column({ type: 'jsonb' })
  intoSummaryBefore: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  mergedAt: Date;

  @Column({ type: 'uuid' })
  mergedByUserId: string;

  @Column({ type: 'timestamptz', nullable: true })
  revertedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revertedByUserId: string | null;
}
