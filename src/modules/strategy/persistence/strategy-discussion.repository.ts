import { NotFoundException } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Agency } from '../../../auth/persistence/agency.entity';
import { AppUser } from '../../../auth/persistence/app-user.entity';
import type { StrategyStatus } from '../domain/strategy-vocabulary';
import { StrategyMinutesComplaint } from './minutes-complaint.entity';
import { StrategyAction } from './strategy-action.entity';
import { StrategyDiscussion } from './strategy-discussion.entity';
import { StrategyInvitee } from './strategy-invitee.entity';

export interface ChronologyRow {
  id: string;
  person_id: string;
  contact_id: string;
  reference: string | null;
  status: string;
  urgency: string;
  requested_at: Date;
  requester_agency: string | null;
  convened_at: Date | null;
  scheduled_at: Date | null;
  mode: string | null;
  declined_at: Date | null;
  held_at: Date | null;
  outcome: string | null;
  icpc_required: boolean | null;
  icpc_due_date: string | null;
  icpc_held_at: Date | null;
  icpc_outcome: string | null;
  minutes_distributed_at: Date | null;
  previous_discussion_id: string | null;
}

export interface ListFilter {
  limit: number;
  after?: [string, string];
  status?: StrategyStatus;
  /** Only discussions this user requested, chairs or is invited to (per person, or their agency where nobody is named). */
  mineOf?: { userId: string | null; agencyId: string | null };
  /** Only discussions about children on this contact. */
  contactId?: string;
}

function listQuery(em: EntityManager, f: Omit<ListFilter, 'limit'>) {
  const qb = em.getRepository(StrategyDiscussion).createQueryBuilder('d');
  if (f.mineOf) {
    qb.andWhere(
      `(d.requested_by_user_id = :user OR d.chair_user_id = :user OR EXISTS (SELECT 1 FROM strategy_invitee i WHERE i.discussion_id = d.id AND (i.user_id = :user OR (i.user_id IS NULL AND i.agency_id = :agency))))`,
      { user: f.mineOf.userId, agency: f.mineOf.agencyId },
    );
  }
  if (f.status) qb.andWhere('d.status = :status', { status: f.status });
  if (f.contactId) qb.andWhere('d.contact_id = :contactId', { contactId: f.contactId });
  return qb;
}

/**
 * Strategy discussions' tables (strategy_discussion, strategy_invitee, strategy_action,
 * strategy_minutes_complaint) and the reads they need of agencies, accounts and the child's
 * contacts. Every call takes the caller's EntityManager (a transaction, or UnitOfWork.read).
 */
export const strategyRows = {
  async lock(em: EntityManager, id: string): Promise<StrategyDiscussion> {
    const row = await em.findOne(StrategyDiscussion, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new NotFoundException('No such strategy discussion');
    return row;
  },

  find(em: EntityManager, id: string): Promise<StrategyDiscussion | null> {
    return em.findOne(StrategyDiscussion, { where: { id } });
  },

  /** An open (requested or convened) discussion for the child, if any. */
  openFor(em: EntityManager, subjectId: string): Promise<Pick<StrategyDiscussion, 'id'> | null> {
    return em.findOne(StrategyDiscussion, { where: { subjectId, status: In(['requested', 'convened']) }, select: { id: true } });
  },

  create(em: EntityManager, values: Partial<StrategyDiscussion>): StrategyDiscussion {
    return em.create(StrategyDiscussion, values);
  },

  async save(em: EntityManager, d: StrategyDiscussion): Promise<void> {
    await em.save(d);
  },

  async update(em: EntityManager, id: string, values: QueryDeepPartialEntity<StrategyDiscussion>): Promise<void> {
    await em.update(StrategyDiscussion, { id }, values);
  },

  async agenciesById(em: EntityManager, ids: string[]): Promise<Map<string, Agency>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await em.find(Agency, { where: { id: In(unique) } });
    return new Map(rows.map((a) => [a.id, a]));
  },

  agenciesOfTypes(em: EntityManager, types: readonly string[]): Promise<Agency[]> {
    return em.find(Agency, { where: { type: In([...types]) }, order: { name: 'ASC' } });
  },

  async usersById(em: EntityManager, ids: (string | null)[]): Promise<Map<string, AppUser>> {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (!unique.length) return new Map();
    const rows = await em.find(AppUser, { where: { id: In(unique) } });
    return new Map(rows.map((u) => [u.id, u]));
  },

  user(em: EntityManager, id: string): Promise<AppUser | null> {
    return em.findOne(AppUser, { where: { id } });
  },

  async isActiveMashUser(em: EntityManager, id: string): Promise<boolean> {
    return !!(await em.findOne(AppUser, { where: { id, active: true, role: In(['mash_worker', 'mash_manager']) }, select: { id: true } }));
  },

  inviteesOf(em: EntityManager, discussionId: string): Promise<StrategyInvitee[]> {
    return em.find(StrategyInvitee, { where: { discussionId }, order: { createdAt: 'ASC', id: 'ASC' } });
  },

  async insertInvitees(em: EntityManager, rows: Partial<StrategyInvitee>[]): Promise<void> {
    if (rows.length) await em.insert(StrategyInvitee, rows);
  },

  async setAttendance(em: EntityManager, inviteeId: string, attendance: StrategyInvitee['attendance']): Promise<void> {
    await em.update(StrategyInvitee, { id: inviteeId }, { attendance });
  },

  actionsOf(em: EntityManager, discussionId: string): Promise<StrategyAction[]> {
    return em.find(StrategyAction, { where: { discussionId }, order: { position: 'ASC' } });
  },

  async insertActions(em: EntityManager, rows: Partial<StrategyAction>[]): Promise<void> {
    if (rows.length) await em.insert(StrategyAction, rows);
  },

  lockAction(em: EntityManager, discussionId: string, actionId: string): Promise<StrategyAction | null> {
    return em.findOne(StrategyAction, { where: { id: actionId, discussionId }, lock: { mode: 'pessimistic_write' } });
  },

  async setActionStatus(em: EntityManager, actionId: string, status: StrategyAction['status']): Promise<void> {
    await em.update(StrategyAction, { id: actionId }, { status });
  },

  async addComplaint(em: EntityManager, values: Partial<StrategyMinutesComplaint>): Promise<StrategyMinutesComplaint> {
    const row = em.create(StrategyMinutesComplaint, values);
    await em.save(row);
    return row;
  },

  complaintsOf(em: EntityManager, discussionId: string): Promise<number> {
    return em.count(StrategyMinutesComplaint, { where: { discussionId } });
  },

  async openComplaintCount(em: EntityManager): Promise<number> {
    const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM strategy_minutes_complaint WHERE resolved_at IS NULL`);
    return Number(n);
  },

  openComplaints(em: EntityManager, limit: number): Promise<{ id: string; discussion_id: string; reported_by_agency_id: string | null; reported_at: Date }[]> {
    return em.query(
      `SELECT id, discussion_id, reported_by_agency_id, reported_at FROM strategy_minutes_complaint WHERE resolved_at IS NULL ORDER BY reported_at DESC LIMIT $1`,
      [limit],
    );
  },

  /** Newest first, keyset over (requested_at, id); one more than `limit` to tell whether a page follows. */
  list(em: EntityManager, f: ListFilter): Promise<StrategyDiscussion[]> {
    const qb = listQuery(em, f).orderBy('d.requested_at', 'DESC').addOrderBy('d.id', 'DESC').take(f.limit + 1);
    if (f.after) qb.andWhere('(d.requested_at, d.id) < (:t, :id)', { t: f.after[0], id: f.after[1] });
    return qb.getMany();
  },

  /** How many discussions the filter holds. */
  count(em: EntityManager, f: Omit<ListFilter, 'limit'>): Promise<number> {
    return listQuery(em, f).getCount();
  },

  /** The child's latest contact, by person-index id. */
  async latestSubjectOfPerson(em: EntityManager, personId: string): Promise<{ id: string; contactId: string } | null> {
    const [latest]: { id: string; contact_id: string }[] = await em.query(
      `SELECT s.id, s.contact_id FROM contact_subject s JOIN contact c ON c.id = s.contact_id
        WHERE s.person_id = $1 ORDER BY c.received_at DESC, s.position LIMIT 1`,
      [personId],
    );
    return latest ? { id: latest.id, contactId: latest.contact_id } : null;
  },

  /** A discussion for this child held for this contact, or for the same person since `since`. */
  async heldFor(em: EntityManager, subject: { id: string; personId: string | null }, since: Date): Promise<boolean> {
    const [row] = await em.query(
      `SELECT 1 FROM strategy_discussion WHERE status = 'held' AND outcome IS NOT NULL
         AND (subject_id = $1 OR (person_id IS NOT NULL AND person_id = $2 AND held_at >= $3)) LIMIT 1`,
      [subject.id, subject.personId, since],
    );
    return !!row;
  },

  /** The child's grade in effect (triage's subject_grade: confirmed, else provisional). */
  async gradeOf(em: EntityManager, contactId: string, subjectId: string): Promise<'RED' | 'AMBER' | 'GREEN' | null> {
    const [row]: { grade: 'RED' | 'AMBER' | 'GREEN' }[] = await em.query(`SELECT grade FROM subject_grade WHERE contact_id = $1 AND subject_id = $2`, [contactId, subjectId]);
    return row?.grade ?? null;
  },

  /** Discussions about these people up to `until` (chronology). */
  chronology(em: EntityManager, personIds: string[], until: Date): Promise<ChronologyRow[]> {
    return em.query(
      `SELECT d.id, s.person_id, d.contact_id, c.reference, d.status, d.urgency, d.requested_at, a.name AS requester_agency,
              d.convened_at, d.scheduled_at, d.mode, d.declined_at, d.held_at, d.outcome, d.icpc_required, d.icpc_due_date::text,
              d.icpc_held_at, d.icpc_outcome, d.minutes_distributed_at, d.previous_discussion_id
         FROM strategy_discussion d
         JOIN contact_subject s ON s.id = d.subject_id
         JOIN contact c ON c.id = d.contact_id
         LEFT JOIN agency a ON a.id = d.requested_by_agency_id
        WHERE s.person_id = ANY($1::uuid[]) AND d.requested_at <= $2`,
      [personIds, until],
    );
  },
};
