import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type MatchSourceKind = 'contact_subject' | 'contact_household_member';
export type MatchStatus = 'linked' | 'candidates' | 'unlinked';
/** nhs / auto: by the matcher; new: no match, a new person; confirmed: a worker confirmed a candidate; manual: a worker linked or created. */
export type MatchMethod = 'nhs' | 'auto' | 'new' | 'confirmed' | 'manual' | 'merge';

/**
 * How one contact subject or household member stands in the person index (SPEC PPL-1). One row per
 * source, written once by the matcher: its presence is what makes a retried triage job skip matching
 * (the primary key refuses a second row), and a worker's unlink is never undone by a retry. The link
 * itself is contact_subject.person_id / contact_household_member.person_id.
 */
@Entity('person_match')
@Index('ix_person_match_contact', ['contactId'])
export class PersonMatch {
  @PrimaryColumn({ type: 'text' })
  sourceKind: MatchSourceKind;

  @PrimaryColumn({ type: 'uuid' })
  sourceId: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @Column({ type: 'text' })
  status: MatchStatus;

  @Column({ type: 'text', nullable: true })
  method: MatchMethod | null;

  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ type: 'float8', nullable: true })
  score: number | null;

  /** config/people-matching.yaml version the matcher used. */
  @Column({ type: 'text' })
  configVersion: string;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  /** null when the matcher decided. */
  @Column({ type: 'uuid', nullable: true })
  decidedByUserId: string | null;
}
