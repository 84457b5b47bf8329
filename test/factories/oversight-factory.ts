import { DataSource, EntityManager } from 'typeorm';
import { AppUser } from '../../src/auth/persistence/app-user.entity';
import { ThresholdDecision } from '../../src/modules/decisions/persistence/threshold-decision.entity';
import { createContact, ContactSeed, CreatedContact } from './contact-factory';

/**
 * Arranges decisions as the decisions module writes them (final rows are read-only after insert, so
 * every field is given up front), for the oversight tests: samples, dashboard, exports.
 */
export type DecisionRow = Partial<ThresholdDecision> & Pick<ThresholdDecision, 'contactId' | 'subjectId' | 'outcome' | 'decidedByUserId'>;

export async function insertDecisionRow(db: DataSource | EntityManager, seed: DecisionRow): Promise<ThresholdDecision> {
  const em = db instanceof DataSource ? db.manager : db;
  const decidedAt = seed.decidedAt ?? new Date();
  const status = seed.status ?? 'final';
  return em.save(
    em.create(ThresholdDecision, {
      thresholdLevel: 3,
      rationale: 'Factory rationale',
      frameworkVersion: 'test-framework-1',
      historyReviewed: true,
      ...seed,
      status,
      decidedAt,
      finalAt: seed.finalAt !== undefined ? seed.finalAt : status === 'final' || status === 'superseded' ? decidedAt : null,
    }),
  );
}

/** A contact with one child and that child's decision. */
export async function contactWithDecision(
  db: DataSource | EntityManager,
  contact: ContactSeed,
  decision: Omit<DecisionRow, 'contactId' | 'subjectId'>,
): Promise<CreatedContact & { decision: ThresholdDecision }> {
  const created = await createContact(db, contact);
  const d = await insertDecisionRow(db, { ...decision, contactId: created.contact.id, subjectId: created.subjects[0].id, personId: created.subjects[0].personId });
  return { ...created, decision: d };
}

export async function demoUser(db: DataSource | EntityManager, email: string): Promise<AppUser> {
  const em = db instanceof DataSource ? db.manager : db;
  return em.findOneOrFail(AppUser, { where: { email } });
}
