import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Agency } from '../../../auth/persistence/agency.entity';
import { AppUser } from '../../../auth/persistence/app-user.entity';
import { MASH_STAFF, Role } from '../../../auth/roles';
import { preparedQuery } from '../../../database/prepared-query';
import { ContactRow, contactParts, referrerOf, ReferrerRow, SubjectRow } from '../../contacts/contact-records';
import type { ReferrerFacts } from '../domain/referrer-recipient';

export interface ContactFacts {
  contact: ContactRow;
  referrer: ReferrerRow | null;
  /** The submitting account's name when that account is the referrer (not MASH staff recording a call). */
  submitterName: string | null;
  recipientFacts: ReferrerFacts;
}

/** What a contact's acknowledgement is written from: the contact, its referrer and the submitting account, read together. */
export interface AcknowledgementFacts {
  contactId: string;
  reference: string;
  receivedAt: Date;
  submittedByUserId: string | null;
  /** The referrer's name on the contact, else the submitting account's when that account is the referrer. */
  recipientName: string | null;
  recipientFacts: ReferrerFacts;
}

/**
 * The acknowledgement facts of many contacts in one statement (contact, contact_referrer and
 * app_user are read, not written), in the order asked; a contact that is gone has no row.
 */
const ACKNOWLEDGEMENT_FACTS = `SELECT c.id AS "contactId", c.reference, c.received_at AS "receivedAt", c.submitted_by_user_id AS "submittedByUserId",
       c.channel, c.referrer_type AS "referrerType", c.anonymous,
       r.name AS "referrerName", r.email AS "referrerEmail", u.name AS "submitterName", u.email AS "submitterEmail", u.role AS "submitterRole"
  FROM unnest($1::uuid[]) WITH ORDINALITY AS asked(id, n)
  JOIN contact c ON c.id = asked.id
  LEFT JOIN contact_referrer r ON r.contact_id = c.id
  LEFT JOIN app_user u ON u.id = c.submitted_by_user_id
 ORDER BY asked.n`;

interface AcknowledgementFactsRow {
  contactId: string;
  reference: string;
  receivedAt: Date;
  submittedByUserId: string | null;
  channel: string;
  referrerType: string;
  anonymous: boolean;
  referrerName: string | null;
  referrerEmail: string | null;
  submitterName: string | null;
  submitterEmail: string | null;
  submitterRole: Role | null;
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

  async acknowledgementFacts(em: EntityManager, contactIds: string[]): Promise<AcknowledgementFacts[]> {
    if (contactIds.length === 0) return [];
    const rows = await preparedQuery<AcknowledgementFactsRow>(em, ACKNOWLEDGEMENT_FACTS, [contactIds]);
    return rows.map((r) => {
      const submitterIsMashStaff = r.submitterRole ? MASH_STAFF.includes(r.submitterRole) : false;
      return {
        contactId: r.contactId,
        reference: r.reference,
        receivedAt: r.receivedAt,
        submittedByUserId: r.submittedByUserId,
        recipientName: r.referrerName ?? (r.submitterRole && !submitterIsMashStaff ? r.submitterName : null),
        recipientFacts: {
          channel: r.channel,
          referrerType: r.referrerType,
          anonymous: r.anonymous,
          referrerEmail: r.referrerEmail,
          submitterEmail: r.submitterEmail,
          submitterIsMashStaff,
        },
      };
    });
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
