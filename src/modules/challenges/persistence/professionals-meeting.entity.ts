import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A request for a professionals-only meeting (SPEC ESC-2) by an involved agency, with its criterion;
 * the MASH answers (agreed with a date, or declined) with a reason within the clock (an sla_clock row,
 * kind challenge_response, target_type professionals_meeting_request).
 */
@Entity('professionals_meeting_request')
@Index('ix_pm_request_requester', ['requestedByUserId', 'createdAt'])
export class ProfessionalsMeetingRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  /** drift | disagreement | parental_secrecy */
  @Column({ type: 'text' })
  criterion: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid' })
  requestedByUserId: string;

  @Column({ type: 'uuid', nullable: true })
  requestedByAgencyId: string | null;

  /** requested | agreed | declined */
  @Column({ type: 'text', default: 'requested' })
  status: 'requested' | 'agreed' | 'declined';

  @Column({ type: 'text', nullable: true })
  answerReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  meetingAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  answeredByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
