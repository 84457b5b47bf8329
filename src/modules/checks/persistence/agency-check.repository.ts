import type { EntityManager } from 'typeorm';
import { AgencyCheck } from './agency-check.entity';

/** Reads of agency checks for other features, in the caller's transaction. */
export const agencyChecks = {
  /** Whether this agency has been asked for a check on this contact (it may then see the contact's child). */
  anyAskedOf: async (em: EntityManager, contactId: string, agencyId: string): Promise<boolean> =>
    (await em.count(AgencyCheck, { where: { contactId, agencyId } })) > 0,
};
