import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { PersonSourceKind } from './person-name.entity';
import { Person } from './person.entity';

export const PERSON_FLAG_KINDS = [
  'looked_after_as_child', 'risk_to_children', 'worker_safety', 'domestic_abuse_perpetrator', 'sexual_offences', 'violence', 'substance_misuse',
  'alcohol_misuse', 'mental_ill_health', 'learning_disability', 'suicidal_intent', 'weapons', 'gang_affiliation', 'other',
] as const;
export type PersonFlagKind = (typeof PERSON_FLAG_KINDS)[number];

/**
 * A standing marker on a person (SPEC PPL-1, PPL-2): "was looked after as a child", "risk to children",
 * "worker safety". Recorded from a household member's known risks on a contact, or by a worker; ended,
 * never deleted, by a worker.
 */
@Entity('person_flag')
@Index('ix_person_flag_person', ['personId'])
@Index('ix_person_flag_source', ['sourceId'], { where: 'source_id IS NOT NULL' })
export class PersonFlag {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: Person;

  @Column({ type: 'text' })
  kind: PersonFlagKind;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text' })
  sourceKind: PersonSourceKind;

  @Column({ type: 'uuid', nullable: true })
  sourceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  recordedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  endedByUserId: string | null;
}
