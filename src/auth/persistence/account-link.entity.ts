import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ACCOUNT_LINK_PURPOSES = ['activation', 'reset'] as const;
export type AccountLinkPurpose = (typeof ACCOUNT_LINK_PURPOSES)[number];

/**
 * A single-use, expiring link e-mailed to a user to choose a password (new account or reset). The
 * token itself is never stored: it is an HMAC of the id and nonce under a server key, so a database
 * dump alone cannot produce a working link, and a retried e-mail carries the same link.
 */
@Entity('account_link')
export class AccountLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_account_link_user')
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  purpose: AccountLinkPurpose;

  @Column({ type: 'text' })
  nonce: string;

  /** SHA-256 of the token, to find the link a user presents. */
  @Index('uq_account_link_token_hash', { unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
