import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Feedback } from './feedback.entity';

/** The feedback table for the HTTP use cases (list, resend). Takes the caller's EntityManager. */
@Injectable()
export class FeedbackRepository {
  /** A contact's messages in the order they were written, keyset-paged after the row `after`; `audiences` narrows them. */
  pageForContact(em: EntityManager, contactId: string, query: { audiences?: string[]; after?: string; limit: number }): Promise<Feedback[]> {
    const qb = em.getRepository(Feedback).createQueryBuilder('f').where('f.contact_id = :contactId', { contactId });
    if (query.audiences) qb.andWhere('f.audience IN (:...audiences)', { audiences: query.audiences });
    if (query.after) qb.andWhere('(f.created_at, f.id) > (SELECT c.created_at, c.id FROM feedback c WHERE c.id = :after)', { after: query.after });
    return qb.orderBy('f.created_at', 'ASC').addOrderBy('f.id', 'ASC').limit(query.limit).getMany();
  }

  lock(em: EntityManager, id: string): Promise<Feedback | null> {
    return em.getRepository(Feedback).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  get(em: EntityManager, id: string): Promise<Feedback> {
    return em.getRepository(Feedback).findOneOrFail({ where: { id } });
  }

  /** Changes a failed message (a resend); nothing happens if it is no longer failed. */
  async updateIfFailed(em: EntityManager, id: string, values: QueryDeepPartialEntity<Feedback>): Promise<void> {
    await em.update(Feedback, { id, status: In(['failed']) }, values);
  }
}
