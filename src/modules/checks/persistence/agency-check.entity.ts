import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Agency } from '../../../auth/persistence/agency.entity';
import type { AgencyType } from '../../../auth/roles';
import type { CheckStatus, CheckType } from '../domain/check-vocabulary';

/**
 * A request to a partner agency for what it knows (SPEC CHK-1 to CHK-5), and its answer. Addressed to
 * one agency, or to every agency of a type when the MASH does not know which (e.g. "the child's GP");
 * only partner and police users of that agency see and answer it. Answers are final (state machine in
 * domain/check-state.ts); `dueAt` is the check clock's due time.
 */
@Entity('agency_check')
@Index('ix_agency_check_contact', ['contactId', 'requestedAt'])
@Index('ix_agency_check_agency', ['agencyId', 'requestedAt'])
@Index('ix_agency_check_agency_type', ['agencyType', 'requestedAt'], { where: 'agency_id IS NULL' })
export class AgencyCheck {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  // The foreign key to a row contacts owns, named rather than imported.
  @ManyToOne('Contact', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contact_id' })
  contact?: object;

  /** The agency asked; null when asked by agency type. */
  @Column({ type: 'uuid', nullable: true })
  agencyId: string | null;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id' })
  agency?: Agency;

  /** Always set: the agency's type, or the type asked. */
  @Column({ type: 'text' })
  agencyType: AgencyType;

  @Column({ type: 'text' })
  checkType: CheckType;

  /** contact_subject ids of the children the check is about (resolved at request; never empty when there are children). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  subjectIds: string[];

  /** Person-index ids named in the request (when the subjects were linked), kept as asked. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  subjectPersonIds: string[];

  /** contact_household_member ids of the adults the check is about (police checks, CHK-5). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  householdMemberIds: string[];

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', array: true })
  questions: string[];

  @Column({ type: 'text' })
  lawfulBasis: string;

  @Column({ type: 'uuid' })
  requestedByUserId: string;

  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  /** 'requester' (given in the request) or 'default' (config/checks.yaml, until the SLA clock recomputes it). */
  @Column({ type: 'text' })
  dueAtSource: 'requester' | 'default';

  @Column({ type: 'text', default: 'requested' })
  status: CheckStatus;

  /** What the agency knows (returned). */
  @Column({ type: 'text', nullable: true })
  responseSummary: string | null;

  /** Why declined or unable. */
  @Column({ type: 'text', nullable: true })
  responseReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  respondedByUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  respondedByAgencyId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  /** CHK-4: a manager lets a decision go ahead without this check. */
  @Column({ type: 'uuid', nullable: true })
  waivedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  waivedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  waiverReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
