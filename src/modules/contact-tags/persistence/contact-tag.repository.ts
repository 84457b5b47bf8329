import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ContactTag } from './contact-tag.entity';

/** The contact_tag table. Every call takes the caller's EntityManager. */
export const contactTagRows = {
  /** Inserts a proposed tag; null when the contact already has one of this kind proposed or approved. */
  async insertProposed(em: EntityManager, values: Pick<ContactTag, 'contactId' | 'kind' | 'evidence' | 'proposedByUserId'>): Promise<ContactTag | null> {
    const inserted = await em.createQueryBuilder().insert().into(ContactTag).values({ ...values, status: 'proposed' }).orIgnore().returning('id').execute();
    const id = inserted.raw[0]?.id as string | undefined;
    return id ? em.findOneByOrFail(ContactTag, { id }) : null;
  },

  find(em: EntityManager, id: string, lock = false): Promise<ContactTag | null> {
    return em.findOne(ContactTag, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  },

  async update(em: EntityManager, id: string, values: QueryDeepPartialEntity<ContactTag>): Promise<void> {
    await em.update(ContactTag, { id }, values);
  },

  ofContact(em: EntityManager, contactId: string): Promise<ContactTag[]> {
    return em.find(ContactTag, { where: { contactId }, order: { createdAt: 'ASC', id: 'ASC' } });
  },
};
