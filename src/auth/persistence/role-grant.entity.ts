import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../roles';

export type RoleGrantKind = 'new_account' | 'role_change';
export type RoleGrantStatus = 'pending' | 'approved' | 'rejected';

/**
 * A request to give an account a role that reads case data. It takes effect only when a second
 * administrator (neither the requester nor the account holder) approves it (SPEC SEC-4).
 */
@Entity('role_grant')
@Index('uq_role_grant_pending', ['userId'], { unique: true, where: `status = 'pending'` })
export class RoleGrant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'text' })
  kind: RoleGrantKind;

  /** When the granted access ends (required for auditors, SPEC SEC-4). */
  @Column({ type: 'timestamptz', nullable: true })
  accessExpiresAt: Date | null;

  @Column({ type: 'uuid' })
  requestedByUserId: string;

  @Column({ type: 'text', default: 'pending' })
  status: RoleGrantStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;
}
