import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The sealer's work list: every audit event not yet covered by a seal. A trigger on audit_event adds
 * each event as it is appended (in the appending transaction, so a late commit is never missed); the
 * sealer takes them in seq order and deletes what it sealed. Not part of the trail itself: the
 * verifier checks every event against the seals whatever this table says.
 */
@Entity('audit_unsealed')
@Index('ix_audit_unsealed_seq', ['seq'])
export class AuditUnsealed {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_audit_unsealed' })
  eventId: string;

  @Column({ type: 'bigint' })
  seq: string;
}
