import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). Each row carries the hash of its own
 * content; the sealer chains rows into audit_seal so that tampering with a sealed row breaks the chain.
 */
@Entity('audit_event')
@Index('ix_audit_event_entity', ['entityType', 'entityId', 'occurredAt'])
@Index('ix_audit_event_occurred_at', ['occurredAt'])
export class AuditEvent {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Insertion order, for listing; not part of the hash. */
  @Column({ type: 'bigint', unique: true })
  @Generated('increment')
  seq: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'text' })
  actorRole: string;

  @Column({ type: 'uuid', nullable: true })
  actorAgencyId: string | null;

  /** e.g. contact.created, contact.read, user.created */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  /** What changed, by field name and ids; never names, narrative or tokens. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  summary: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'char', length: 64 })
  contentHash: string;
}
