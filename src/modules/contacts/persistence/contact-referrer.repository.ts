import type { EntityManager } from 'typeorm';
import { ContactReferrer } from './contact-referrer.entity';

/** The referrer's details given with a contact (null for an anonymous or staff-recorded contact without them). */
export function referrerOf(em: EntityManager, contactId: string): Promise<ContactReferrer | null> {
  return em.findOne(ContactReferrer, { where: { contactId } });
}
