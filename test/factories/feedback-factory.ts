import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Agency } from '../../src/auth/persistence/agency.entity';
import { AppUser } from '../../src/auth/persistence/app-user.entity';
import { ContactReferrer } from '../../src/modules/contacts/persistence/contact-referrer.entity';
import { ThresholdDecision, type DecisionOutcome } from '../../src/modules/decisions/persistence/threshold-decision.entity';
import { OutboxService } from '../../src/queue/outbox.service';
import { QUEUES } from '../../src/queue/queue-names';
import { ContactSeed, createContact, CreatedContact } from './contact-factory';

/**
 * Arranges what feedback works from, as intake and decisions will once they are merged: a contact
 * with its referrer row and the intake's `acknowledge` outbox event in the same transaction, and a
 * final threshold decision inserted directly.
 */

export const uniqueEmail = (who: string, domain = 'example.localhost') => `${who}.${randomBytes(4).toString('hex')}@${domain}`;

export async function agencyByName(db: DataSource | EntityManager, name: string): Promise<Agency> {
  const em = db instanceof DataSource ? db.manager : db;
  return em.findOneOrFail(Agency, { where: { name } });
}

export async function userByEmail(db: DataSource | EntityManager, email: string): Promise<AppUser> {
  const em = db instanceof DataSource ? db.manager : db;
  return em.findOneOrFail(AppUser, { where: { email } });
}

export interface ReferralSeed extends ContactSeed {
  referrer?: Partial<Omit<ContactReferrer, 'contactId' | 'contact'>> | null;
  /** Write the intake's acknowledgement event (default true). */
  acknowledge?: boolean;
}

export interface CreatedReferral extends CreatedContact {
  referrer: ContactReferrer | null;
}

export async function createReferral(em: EntityManager, outbox: OutboxService, seed: ReferralSeed = {}): Promise<CreatedReferral> {
  const { referrer: referrerSeed, acknowledge = true, ...contactSeed } = seed;
  const created = await createContact(em, contactSeed);
  const referrer = referrerSeed === null ? null : await em.save(em.create(ContactReferrer, { contactId: created.contact.id, ...referrerSeed }));
  if (acknowledge) {
    await outbox.add(em, { queue: QUEUES.feedback, jobName: 'acknowledge', jobId: `ack.${created.contact.id}`, payload: { contactId: created.contact.id } });
  }
  return { ...created, referrer };
}

export interface DecisionSeed {
  contactId: string;
  subjectId: string;
  outcome: DecisionOutcome;
  thresholdLevel: number;
  rationale: string;
  decidedByUserId: string;
  status?: ThresholdDecision['status'];
  decidedAt?: Date;
  reasonsThresholdNotMet?: string | null;
  alternativeSupport?: string[];
}

export async function insertDecision(em: EntityManager, seed: DecisionSeed): Promise<ThresholdDecision> {
  const decidedAt = seed.decidedAt ?? new Date();
  const status = seed.status ?? 'final';
  return em.save(
    em.create(ThresholdDecision, {
      contactId: seed.contactId,
      subjectId: seed.subjectId,
      outcome: seed.outcome,
      thresholdLevel: seed.thresholdLevel,
      status,
      rationale: seed.rationale,
      decidedByUserId: seed.decidedByUserId,
      decidedAt,
      finalAt: status === 'final' ? decidedAt : null,
      frameworkVersion: 'test-framework-1',
      reasonsThresholdNotMet: seed.reasonsThresholdNotMet ?? null,
      alternativeSupport: seed.alternativeSupport ?? [],
    }),
  );
}
