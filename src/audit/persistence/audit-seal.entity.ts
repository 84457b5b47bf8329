import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One link of the hash chain: a batch of audit events sealed together. Append-only. */
@Entity('audit_seal')
export class AuditSeal {
  /** 1, 2, 3 ... assigned by the sealer, which runs under an advisory lock. */
  @PrimaryColumn({ type: 'bigint' })
  sealNo: string;

  @Column({ type: 'timestamptz' })
  sealedAt: Date;

  @Column({ type: 'char', length: 64 })
  previousHash: string;

  @Column({ type: 'int' })
  eventCount: number;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
