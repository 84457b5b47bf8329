import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChildLevel } from '../domain/child-level-vocabulary';

/**
 * A change of a child's level (SPEC STEP-1): the only way a level changes. The current level is the
 * latest transition; a CP plan is current when the latest transition is to child_protection, and
 * "ended within 12 months" is a transition from child_protection in that window. Owned by
 * step-downs; read by people (sibling-on-CP-plan flag) and triage (CP-plan grading rule).
 */
@Entity('child_status_transition')
@Index('ix_child_status_person', ['personId', 'effectiveAt'])
export class ChildStatusTransition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @Column({ type: 'text', nullable: true })
  fromLevel: ChildLevel | null;

  @Column({ type: 'text' })
  toLevel: ChildLevel;

  /** When the change took effect (e.g. the ICPC date), which may be before it was recorded. */
  @Column({ type: 'timestamptz' })
  effectiveAt: Date;

  /** NEG, PHY, EMO, SAB, MUL for child protection plans. */
  @Column({ type: 'text', nullable: true })
  categoryOfAbuse: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** mash (a decision or step-down here) or external (the local authority's case system, an ICPC). */
  @Column({ type: 'text' })
  source: 'mash' | 'external';

  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ type: 'uuid', nullable: true })
  leadProfessionalUserId: string | null;

  @Column({ type: 'text', nullable: true })
  leadProfessionalName: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByUserId: string | null;

  /** The lead professional's agency (step-downs: the receiving agency). */
  @Column({ type: 'uuid', nullable: true })
  leadProfessionalAgencyId: string | null;

  /** The step-down whose acceptance made this transition, when one did. */
  @Column({ type: 'uuid', nullable: true })
  stepDownId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
