import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Agency } from '../../../auth/persistence/agency.entity';
import { AgencyCheck } from './agency-check.entity';

/** Reads of agency checks for other features, in the caller's transaction. */
export const agencyChecks = {
  /** Whether this agency has been asked for a check on this contact (it may then see the contact's child). */
  anyAskedOf: async (em: EntityManager, contactId: string, agencyId: string): Promise<boolean> =>
    (await em.count(AgencyCheck, { where: { contactId, agencyId } })) > 0,
};

type AgencyRef = Pick<Agency, 'id' | 'type'>;

/** The checks asked of an agency: by its id, or by its type where no agency was named. */
const askedOf = (em: EntityManager, agency: AgencyRef) =>
  em.getRepository(AgencyCheck).createQueryBuilder('c').where('(c.agencyId = :agencyId OR (c.agencyId IS NULL AND c.agencyType = :agencyType))', { agencyId: agency.id, agencyType: agency.type });

/** The agency_check table (and the agency rows a check is addressed to), in the caller's transaction. */
@Injectable()
export class AgencyCheckRepository {
  agency(em: EntityManager, id: string): Promise<AgencyRef | null> {
    return em.findOne(Agency, { where: { id }, select: { id: true, type: true } });
  }

  /** Up to `take` agencies of a type (a check to a type needs it to have exactly one). */
  agenciesOfType(em: EntityManager, type: Agency['type'], take: number): Promise<AgencyRef[]> {
    return em.find(Agency, { where: { type }, select: { id: true, type: true }, take });
  }

  /** The checks asked of an agency (by id, or by its type), newest first, keyset-paged before (requestedAt, id). */
  pageForAgency(em: EntityManager, agency: AgencyRef, query: { status?: string; before?: [string, string]; limit: number }): Promise<AgencyCheck[]> {
    const qb = askedOf(em, agency)
      .orderBy('c.requestedAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(query.limit);
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.before) qb.andWhere('(c.requestedAt, c.id) < (:at, :id)', { at: query.before[0], id: query.before[1] });
    return qb.getMany();
  }

  /** How many checks asked of an agency are in a status. */
  countForAgency(em: EntityManager, agency: AgencyRef, status: string): Promise<number> {
    return askedOf(em, agency).andWhere('c.status = :status', { status }).getCount();
  }

  ofContact(em: EntityManager, contactId: string): Promise<AgencyCheck[]> {
    return em.find(AgencyCheck, { where: { contactId }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }

  find(em: EntityManager, id: string): Promise<AgencyCheck | null> {
    return em.findOne(AgencyCheck, { where: { id } });
  }

  lock(em: EntityManager, id: string): Promise<AgencyCheck | null> {
    return em.findOne(AgencyCheck, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(em: EntityManager, values: Partial<AgencyCheck>): Promise<AgencyCheck> {
    return em.save(em.create(AgencyCheck, values));
  }

  save(em: EntityManager, check: AgencyCheck): Promise<AgencyCheck> {
    return em.save(check);
  }
}
