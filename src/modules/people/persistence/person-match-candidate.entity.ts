import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MatchSourceKind } from './person-match.entity';

export type CandidateStatus = 'pending' | 'confirmed' | 'rejected' | 'superseded';

/** A possible match the worker confirms or rejects (SPEC PPL-1), with the score and what agreed. */
@Entity('person_match_candidate')
@Index('uq_person_match_candidate', ['sourceKind', 'sourceId', 'personId'], { unique: true })
@Index('ix_person_match_candidate_contact', ['contactId'])
@Index('ix_person_match_candidate_person', ['personId'])
export class PersonMatchCandidate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  sourceKind: MatchSourceKind;

  @Column({ type: 'uuid' })
  sourceId: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @Column({ type: 'uuid' })
  personId: string;

  @Column({ type: 'float8' })
  score: number;

  /** Name similarities and agreements (dateOfBirth: exact / transposed / ...), never the values themselves. */
  @Column({ type: 'jsonb' })
  features: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status: CandidateStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByUserId: string | null;
}
