import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Feedback } from './feedback.entity';

/** The feedback table. Takes the caller's EntityManager. */
@Injectable()
export class FeedbackRepository {
  /** Inserts a row unless its dedupe key exists; returns the row under that key and whether it is new. */
  async insertIfNew(em: EntityManager, values: QueryDeepPartialEntity<Feedback> & { dedupeKey: string }): Promise<{ feedback: Feedback; created: boolean }> {
    const inserted = await em.createQueryBuilder().insert().into(Feedback).values(values).orIgnore().returning('id').execute();
    const feedback = await em.findOneOrFail(Feedback, { where: { dedupeKey: values.dedupeKey } });
    return { feedback, created: inserted.raw.length > 0 };
  }

  /** A contact's messages in the order they were written, keyset-paged after the row `after`; `audiences` narrows them. */
  pageForContact(em: EntityManager, contactId: string, query: { audiences?: string[]; after?: string; limit: number }): Promise<Feedback[]> {
    const qb = em.getRepository(Feedback).createQueryBuilder('f').where('f.contact_id = :contactId', { contactId });
    if (query.audiences) qb.andWhere('f.audience IN (:...audiences)', { audiences: query.audiences });
    if (query.after) qb.andWhere('(f.created_at, f.id) > (SELECT c.created_at, c.id FROM feedback c WHERE c.id = :after)', { after: query.after });
    return qb.orderBy('f.created_at', 'ASC').addOrderBy('f.id', 'ASC').limit(query.limit).getMany();
  }

  /** Messages addressed to the referrer of these contacts, oldest first. */
  referrerMessages(em: EntityManager, contactIds: string[]): Promise<Feedback[]> {
    return em.find(Feedback, { where: { contactId: In(contactIds), audience: In(['professional', 'public']) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  find(em: EntityManager, id: string): Promise<Feedback | null> {
    return em.findOne(Feedback, { where: { id } });
  }

  lock(em: EntityManager, id: string): Promise<Feedback | null> {
    return em.findOne(Feedback, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async countResend(em: EntityManager, id: string): Promise<void> {
    await em.increment(Feedback, { id }, 'resendCount', 1);
  }
}
