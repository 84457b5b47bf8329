import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Agency } from '../../../auth/persistence/agency.entity';
import { AppUser } from '../../../auth/persistence/app-user.entity';
import { MASH_STAFF } from '../../../auth/roles';
import { ContactRow, contactParts, referrerOf, ReferrerRow, SubjectRow } from '../../contacts/contact-records';
import type { ReferrerFacts } from '../domain/referrer-recipient';

export interface ContactFacts {
  contact: ContactRow;
  referrer: ReferrerRow | null;
  /** The submitting account's name when that account is the referrer (not MASH staff recording a call). */
  submitterName: string | null;
  recipientFacts: ReferrerFacts;
}

/** The decision outcome feedback is written from (a threshold_decision row, as decisions pass it). */
export interface DecisionRow {
  id: string;
  contactId: string;
  subjectId: string;
  outcome: string;
  thresholdLevel: number;
  status: string;
  rationale: string;
  decidedAt: Date;
  finalAt: Date | null;
  reasonsThresholdNotMet: string | null;
  alternativeSupport: string[];
}

/** Reads what feedback is written from and what it reports, in the caller's transaction. */
@Injectable()
export class FeedbackFactsRepository {
  async contact(em: EntityManager, contactId: string): Promise<ContactFacts | null> {
    const contact = await contactParts.contact(em, contactId);
    if (!contact) return null;
    const referrer = await referrerOf(em, contactId);
    const submitter = contact.submittedByUserId ? await em.findOne(AppUser, { where: { id: contact.submittedByUserId } }) : null;
    const submitterIsMashStaff = submitter ? MASH_STAFF.includes(submitter.role) : false;
    return {
      contact,
      referrer,
      submitterName: submitter && !submitterIsMashStaff ? submitter.name : null,
      recipientFacts: {
        channel: contact.channel,
        referrerType: contact.referrerType,
        anonymous: contact.anonymous,
        referrerEmail: referrer?.email ?? null,
        submitterEmail: submitter?.email ?? null,
        submitterIsMashStaff,
      },
    };
  }

  subject(em: EntityManager, subjectId: string): Promise<SubjectRow | null> {
    return contactParts.subject(em, subjectId);
  }

  agencies(em: EntityManager, ids: string[]): Promise<Agency[]> {
    return ids.length ? em.find(Agency, { where: { id: In(ids) } }) : Promise.resolve([]);
  }

  gpAgencies(em: EntityManager): Promise<Agency[]> {
    return em.find(Agency, { where: { type: 'health_gp' } });
  }

  /** Each child's latest final outcome on a contact (null while undecided), in the contact's order (threshold_decision is read, not written). */
  finalOutcomesPerChild(em: EntityManager, contactId: string): Promise<{ position: number; outcome: string | null }[]> {
    return em.query(
      `SELECT s.position, d.outcome
         FROM contact_subject s
         LEFT JOIN LATERAL (
           SELECT outcome FROM threshold_decision
            WHERE subject_id = s.id AND status = 'final'
            ORDER BY COALESCE(final_at, decided_at) DESC LIMIT 1
         ) d ON true
        WHERE s.contact_id = $1
        ORDER BY s.position`,
      [contactId],
    );
  }
}
