import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Approval } from './approval.entity';

/** Approval rows: requests, their decisions, and the lists managers read. */
export const approvalRows = {
  async pendingCount(em: EntityManager, contactId: string): Promise<number> {
    const [row] = await em.query(`SELECT count(*)::int AS n FROM approval WHERE contact_id = $1 AND status = 'pending'`, [contactId]);
    return row.n;
  },

  /** Inserts a pending request; undefined when one is already pending for the same target (unique index). */
  async insertPending(em: EntityManager, values: Partial<Approval>): Promise<Approval | undefined> {
    const inserted = await em.createQueryBuilder().insert().into(Approval).values(values as QueryDeepPartialEntity<Approval>).orIgnore().returning('id').execute();
    return inserted.raw[0] ? em.findOneByOrFail(Approval, { id: inserted.raw[0].id }) : undefined;
  },

  pendingFor(em: EntityManager, kind: string, targetType: string, targetIds: string[]): Promise<Approval[]> {
    return em.createQueryBuilder(Approval, 'a').where('a.kind = :kind AND a.targetType = :targetType AND a.targetId IN (:...targetIds) AND a.status = :s', { kind, targetType, targetIds, s: 'pending' }).getMany();
  },

  list(em: EntityManager, filter: { status?: string; kind?: string; contactId?: string }): Promise<Approval[]> {
    const qb = em.createQueryBuilder(Approval, 'a').orderBy('a.requestedAt', 'ASC').limit(200);
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
    if (filter.contactId) qb.andWhere('a.contactId = :contactId', { contactId: filter.contactId });
    return qb.getMany();
  },

  /** One page, oldest first, after the (requested_at, id) of the previous page's last row; limit + 1 rows so the caller knows whether more follow. */
  page(em: EntityManager, filter: { status?: string; kind?: string; contactId?: string; limit: number; after?: [string, string] }): Promise<Approval[]> {
    const qb = em.createQueryBuilder(Approval, 'a').orderBy('a.requestedAt', 'ASC').addOrderBy('a.id', 'ASC').limit(filter.limit + 1);
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
    if (filter.contactId) qb.andWhere('a.contactId = :contactId', { contactId: filter.contactId });
    if (filter.after) qb.andWhere('(a.requested_at, a.id) > (:t, :id)', { t: filter.after[0], id: filter.after[1] });
    return qb.getMany();
  },

  find: (em: EntityManager, id: string) => em.findOneBy(Approval, { id }),
  lock: (em: EntityManager, id: string) => em.findOne(Approval, { where: { id }, lock: { mode: 'pessimistic_write' } }),
  async decide(em: EntityManager, id: string, changes: Pick<Approval, 'status' | 'decidedByUserId' | 'decidedAt' | 'comments'>): Promise<void> {
    await em.update(Approval, { id }, changes);
  },
};
