import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Which seal covers which event, in the order the sealer hashed them. Append-only. */
@Entity('audit_seal_event')
@Index('ix_audit_seal_event_seal', ['sealNo', 'position'], { unique: true })
export class AuditSealEvent {
  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'bigint' })
  sealNo: string;

  @Column({ type: 'int' })
  position: number;
}
