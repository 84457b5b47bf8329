import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ThresholdDecision } from './threshold-decision.entity';

const CURRENT = ['pending_approval', 'final'] as const;

export type DecisionLinkRow = Pick<ThresholdDecision, 'id' | 'status' | 'outcome' | 'decidedAt' | 'supersedesId' | 'supersededById' | 'supersedeReason'>;

/** The threshold_decision table. Writes take the caller's transaction. */
@Injectable()
export class ThresholdDecisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The child's current decision (final or waiting for approval), if any. */
  current(em: EntityManager, subjectId: string): Promise<Pick<ThresholdDecision, 'id' | 'status'> | null> {
    return em.findOne(ThresholdDecision, { where: { subjectId, status: In([...CURRENT]) }, select: { id: true, status: true } });
  }

  /** The decision, its row locked until the transaction ends. */
  lock(em: EntityManager, id: string): Promise<ThresholdDecision | null> {
    return em.findOne(ThresholdDecision, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** A decision replacing `id` that waits for approval. */
  pendingSuccessor(em: EntityManager, id: string): Promise<Pick<ThresholdDecision, 'id'> | null> {
    return em.findOne(ThresholdDecision, { where: { supersedesId: id, status: 'pending_approval' }, select: { id: true } });
  }

  create(em: EntityManager, values: Partial<ThresholdDecision>): ThresholdDecision {
    return em.create(ThresholdDecision, values);
  }

  async insert(em: EntityManager, row: ThresholdDecision): Promise<void> {
    await em.insert(ThresholdDecision, row);
  }

  async update(em: EntityManager, id: string, values: QueryDeepPartialEntity<ThresholdDecision>): Promise<void> {
    await em.update(ThresholdDecision, { id }, values);
  }

  /** How many children of the contact have no final decision yet. */
  async undecidedChildren(em: EntityManager, contactId: string): Promise<number> {
    const [{ undecided }] = await em.query(
      `SELECT count(*)::int AS undecided FROM contact_subject s WHERE s.contact_id = $1
          AND NOT EXISTS (SELECT 1 FROM threshold_decision d WHERE d.subject_id = s.id AND d.status = 'final')`,
      [contactId],
    );
    return undecided;
  }

  /** Whether any decision on the contact waits for a manager's approval. */
  async anyPendingApproval(em: EntityManager, contactId: string): Promise<boolean> {
    const [row] = await em.query(`SELECT 1 FROM threshold_decision WHERE contact_id = $1 AND status = 'pending_approval' LIMIT 1`, [contactId]);
    return !!row;
  }

  /** Where a decision was made (the contact and child), for superseding it. */
  origin(id: string): Promise<Pick<ThresholdDecision, 'id' | 'contactId' | 'subjectId'> | null> {
    return this.dataSource.getRepository(ThresholdDecision).findOne({ where: { id }, select: { id: true, contactId: true, subjectId: true } });
  }

  findById(id: string): Promise<ThresholdDecision | null> {
    return this.dataSource.manager.findOne(ThresholdDecision, { where: { id } });
  }

  /** Every decision of one child, oldest first, as links for the supersession chain (DEC-5). */
  linksOfChild(subjectId: string): Promise<DecisionLinkRow[]> {
    return this.dataSource.manager.find(ThresholdDecision, {
      where: { subjectId },
      select: { id: true, status: true, outcome: true, decidedAt: true, supersedesId: true, supersededById: true, supersedeReason: true },
      order: { decidedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The override register's rows (decisions where a guard was overridden), newest first, keyset-paged. */
  overridden(query: { limit: number; from?: Date; to?: Date; after?: [string, string] }): Promise<ThresholdDecision[]> {
    const qb = this.dataSource
      .getRepository(ThresholdDecision)
      .createQueryBuilder('d')
      .where('cardinality(d.overriddenRules) > 0')
      .orderBy('d.decidedAt', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(query.limit);
    if (query.from) qb.andWhere('d.decidedAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('d.decidedAt < :to', { to: query.to });
    if (query.after) qb.andWhere('(d.decidedAt, d.id) < (:at, :id)', { at: query.after[0], id: query.after[1] });
    return qb.getMany();
  }
}
