import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Agency } from '../../auth/persistence/agency.entity';
import { AppUser } from '../../auth/persistence/app-user.entity';
import { MASH_STAFF } from '../../auth/roles';
import { Contact } from '../contacts/persistence/contact.entity';
import { ContactReferrer } from '../contacts/persistence/contact-referrer.entity';
import { ContactSubject } from '../contacts/persistence/contact-subject.entity';
import { supportLines } from './domain/alternative-support';
import type { ReferrerFacts } from './domain/referrer-recipient';

export interface ContactFacts {
  contact: Contact;
  referrer: ContactReferrer | null;
  /** The submitting account's name when that account is the referrer (not MASH staff recording a call). */
  submitterName: string | null;
  recipientFacts: ReferrerFacts;
}

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
  /** Present once the decisions issue adds the column (SPEC DEC-3); null until then. */
  reasonsThresholdNotMet: string | null | undefined;
  alternativeSupport: string[] | undefined;
}

/** Reads what feedback is written from, inside the caller's transaction. */
@Injectable()
export class FeedbackFacts {
  async contact(em: EntityManager, contactId: string): Promise<ContactFacts | null> {
    const contact = await em.findOne(Contact, { where: { id: contactId } });
    if (!contact) return null;
    const referrer = await em.findOne(ContactReferrer, { where: { contactId } });
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

  /**
   * Raw SQL on purpose: the decisions issue adds `reasons_threshold_not_met` and
   * `alternative_support` to this table; reading `*` picks them up when they exist without this
   * module depending on that entity's final shape.
   */
  async decision(em: EntityManager, decisionId: string): Promise<DecisionRow | null> {
    const rows: Record<string, unknown>[] = await em.query('SELECT * FROM threshold_decision WHERE id = $1', [decisionId]);
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id as string,
      contactId: row.contact_id as string,
      subjectId: row.subject_id as string,
      outcome: row.outcome as string,
      thresholdLevel: Number(row.threshold_level),
      status: row.status as string,
      rationale: row.rationale as string,
      decidedAt: row.decided_at as Date,
      finalAt: (row.final_at as Date | null) ?? null,
      reasonsThresholdNotMet: 'reasons_threshold_not_met' in row ? ((row.reasons_threshold_not_met as string | null) ?? null) : undefined,
      alternativeSupport: 'alternative_support' in row && row.alternative_support !== null ? supportLines(row.alternative_support) : undefined,
    };
  }

  subject(em: EntityManager, subjectId: string): Promise<ContactSubject | null> {
    return em.findOne(ContactSubject, { where: { id: subjectId } });
  }

  agencies(em: EntityManager, ids: string[]): Promise<Agency[]> {
    return ids.length ? em.find(Agency, { where: { id: In(ids) } }) : Promise.resolve([]);
  }

  gpAgencies(em: EntityManager): Promise<Agency[]> {
    return em.find(Agency, { where: { type: 'health_gp' } });
  }
}
