import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FlagEvidence } from '../people-for-triage';

/**
 * An accumulation flag raised for a subject of a contact (SPEC PPL-4): the rule, the configured
 * threshold it met and the contacts that caused it. Replaced as a set whenever the subject's flags
 * are recomputed (triage, a link or an unlink), so it always matches the current links.
 */
@Entity('accumulation_flag')
@Index('uq_accumulation_flag_subject_rule', ['subjectId', 'ruleId'], { unique: true })
@Index('ix_accumulation_flag_contact', ['contactId'])
@Index('ix_accumulation_flag_person', ['personId'])
export class AccumulationFlagRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** contact_subject id */
  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  /** e.g. PPL-4.repeat-contacts */
  @Column({ type: 'text' })
  ruleId: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'jsonb' })
  threshold: Record<string, number>;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  causingContactIds: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  evidence: FlagEvidence[];

  /** config/people-history.yaml version */
  @Column({ type: 'text' })
  configVersion: string;

  @Column({ type: 'timestamptz' })
  computedAt: Date;
}
