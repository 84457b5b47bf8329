import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AgencyType } from '../roles';

@Entity('agency')
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  type: AgencyType;

  /** Where the agency's safeguarding lead receives feedback and notifications. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /**
   * Domains whose addresses may receive case content by e-mail (an outcome with reasons, minutes, a
   * step-down notice): the agency's own mail domains, e.g. `riverside-school.example`. An address
   * outside every agency's list gets a notice to sign in instead (SPEC SEC-2, mail/domain/recipient-check.ts).
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emailDomains: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
