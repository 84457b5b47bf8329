import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../roles';
import { Agency } from './agency.entity';

@Entity('app_user')
export class AppUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; unique. */
  @Index('uq_app_user_email', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id' })
  agency?: Agency;

  /** Null until the user chooses a password through their activation link: nobody else ever sets one. */
  @Column({ type: 'text', select: false, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Auditors' access is time-limited (SPEC SEC-4); null means no expiry. */
  @Column({ type: 'timestamptz', nullable: true })
  accessExpiresAt: Date | null;

  /**
   * Written into every access token and compared on every request: raising it (sign-out,
   * deactivation, a role or password change) ends every token issued before, however long it had left.
   */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  /** Failed logins since the last success; drives the back-off and the lock-out. */
  @Column({ type: 'integer', default: 0 })
  failedLoginCount: number;

  /** Logins are refused until then (back-off after repeated failures, or a lock-out). */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** The administrator who created the account (null for the bootstrap administrator and seeds). */
  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
