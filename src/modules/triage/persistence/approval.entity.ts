import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * A request for a manager's approval (SPEC RAG-3, DEC-4), generic so every feature uses the same
 * table and endpoints: `kind` says what is asked (grade_lowering here; decisions adds its
 * own kinds), `targetType`/`targetId` what it is about, `payload` what takes effect when approved.
 * Nobody approves their own request. A kind's handler applies the effect in the approval's transaction.
 */
@Entity('approval')
@Index('ix_approval_pending', ['status', 'requestedAt'])
@Index('ix_approval_contact', ['contactId', 'status'])
// One waiting request per kind and target: a second one is a 409, not a silent duplicate.
@Index('uq_approval_pending_target', ['kind', 'targetType', 'targetId'], { unique: true, where: "status = 'pending'" })
export class Approval {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** e.g. grade_lowering */
  @Column({ type: 'text' })
  kind: string;

  /** e.g. subject_grade */
  @Column({ type: 'text' })
  targetType: string;

  @Column({ type: 'uuid' })
  targetId: string;

  /** The contact it belongs to: a contact is pending_approval while any of its approvals waits. */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  // The foreign key to a row contacts owns, named rather than imported.
  @ManyToOne('Contact', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: object;

  /** What takes effect on approval; ids, codes and the requester's rationale. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status: ApprovalStatus;

  @Column({ type: 'uuid' })
  requestedByUserId: string;

  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  comments: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
