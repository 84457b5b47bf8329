import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Agency } from '../../auth/persistence/agency.entity';
import { AppUser } from '../../auth/persistence/app-user.entity';
import { MASH_STAFF } from '../../auth/roles';
import { Contact } from '../contacts/persistence/contact.entity';
import { ContactReferrer } from '../contacts/persistence/contact-referrer.entity';
import { ContactSubject } from '../contacts/persistence/contact-subject.entity';
import { thresholdDecisions } from '../decisions/decision-records';
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
  reasonsThresholdNotMet: string | null;
  alternativeSupport: string[];
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

  async decision(em: EntityManager, decisionId: string): Promise<DecisionRow | null> {
    const d = await thresholdDecisions.byId(em, decisionId);
    if (!d) return null;
    return {
      id: d.id,
      contactId: d.contactId,
      subjectId: d.subjectId,
      outcome: d.outcome,
      thresholdLevel: d.thresholdLevel,
      status: d.status,
      rationale: d.rationale,
      decidedAt: d.decidedAt,
      finalAt: d.finalAt,
      reasonsThresholdNotMet: d.reasonsThresholdNotMet,
      alternativeSupport: d.alternativeSupport,
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
