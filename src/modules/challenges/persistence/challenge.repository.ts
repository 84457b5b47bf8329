import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Actor } from '../../../auth/actor';
import { ChallengeEvent } from './challenge-event.entity';
import { Challenge } from './challenge.entity';
import { ProfessionalsMeetingRequest } from './professionals-meeting.entity';

export interface NewChallenge {
  targetType: string;
  targetId: string;
  contactId: string | null;
  subjectId: string | null;
  challengerUserId: string;
  challengerAgencyId: string | null;
  challengerRole: string;
  reason: string;
  stageKey: string;
  stageStartedAt: Date;
  escalationVersion: string;
}

export interface DueChallenge {
  id: string;
  stage_index: number;
  contact_id: string | null;
  due_at: Date;
}

/** A time to the microsecond, as ISO 8601 text: a cursor made from it skips and repeats no row (a JS Date keeps milliseconds only). */
const EXACT_TIME = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A page of ids, newest first, keyset over (created_at, id). */
export interface IdPageQuery {
  limit: number;
  after?: [string, string];
}

/**
 * challenge, challenge_event and professionals_meeting_request, and the reads a challenge needs of
 * the things it is about (contacts, checks, decisions, grades). Every call takes the caller's
 * EntityManager (a transaction, or UnitOfWork.read).
 */
export const challengeRows = {
  /**
   * A contact concerns a professional when they or their agency submitted it, or their agency was
   * asked for a check on it (an involved agency).
   */
  async contactConcerns(em: EntityManager, contactId: string, actor: Pick<Actor, 'userId' | 'agencyId'>): Promise<boolean> {
    const [row] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM contact c WHERE c.id = $1 AND (c.submitted_by_user_id = $2 OR ($3::uuid IS NOT NULL AND c.submitted_by_agency_id = $3)))
           OR EXISTS (SELECT 1 FROM agency_check k WHERE k.contact_id = $1 AND $3::uuid IS NOT NULL AND k.agency_id = $3) AS concerns`,
      [contactId, actor.userId, actor.agencyId],
    );
    return row.concerns === true;
  },

  async decision(em: EntityManager, id: string): Promise<{ contactId: string; subjectId: string; decidedByUserId: string; status: string } | null> {
    const [d] = await em.query('SELECT contact_id, subject_id, decided_by_user_id, status FROM threshold_decision WHERE id = $1', [id]);
    return d ? { contactId: d.contact_id, subjectId: d.subject_id, decidedByUserId: d.decided_by_user_id, status: d.status } : null;
  },

  async decisionSummary(em: EntityManager, id: string): Promise<{ id: string; outcome: string; thresholdLevel: number; status: string } | null> {
    const [d] = await em.query('SELECT id, outcome, threshold_level AS "thresholdLevel", status FROM threshold_decision WHERE id = $1', [id]);
    return d ?? null;
  },

  /** A child on a contact with whoever confirmed its grade. */
  async gradedChild(em: EntityManager, subjectId: string): Promise<{ contactId: string; confirmedByUserId: string | null } | null> {
    const [s] = await em.query(
      `SELECT s.contact_id, g.confirmed_by_user_id FROM contact_subject s LEFT JOIN subject_grade g ON g.subject_id = s.id WHERE s.id = $1`,
      [subjectId],
    );
    return s ? { contactId: s.contact_id, confirmedByUserId: s.confirmed_by_user_id ?? null } : null;
  },

  async childOnContact(em: EntityManager, subjectId: string, contactId: string): Promise<boolean> {
    return (await em.query('SELECT 1 FROM contact_subject WHERE id = $1 AND contact_id = $2', [subjectId, contactId])).length > 0;
  },

  /** Inserts an open challenge; null when the challenger already has one open on this target. */
  async insertOpen(em: EntityManager, c: NewChallenge): Promise<string | null> {
    const [row] = await em.query(
      `INSERT INTO challenge (target_type, target_id, contact_id, subject_id, challenger_user_id, challenger_agency_id, challenger_role, reason,
                              stage_index, stage_key, stage_started_at, escalation_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $11)
       ON CONFLICT (target_type, target_id, challenger_user_id) WHERE status = 'open' DO NOTHING RETURNING id`,
      [c.targetType, c.targetId, c.contactId, c.subjectId, c.challengerUserId, c.challengerAgencyId, c.challengerRole, c.reason, c.stageKey, c.stageStartedAt, c.escalationVersion],
    );
    return row?.id ?? null;
  },

  async addEvent(em: EntityManager, event: Partial<ChallengeEvent>): Promise<void> {
    await em.insert(ChallengeEvent, event);
  },

  eventsOf(em: EntityManager, challengeId: string): Promise<ChallengeEvent[]> {
    return em.find(ChallengeEvent, { where: { challengeId }, order: { at: 'ASC' } });
  },

  find(em: EntityManager, id: string, lock = false): Promise<Challenge | null> {
    return em.findOne(Challenge, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  },

  async update(em: EntityManager, id: string, values: QueryDeepPartialEntity<Challenge>): Promise<void> {
    await em.update(Challenge, { id }, values);
  },

  /** Challenge ids, newest first; one more than `limit` to tell whether a page follows. */
  async page(em: EntityManager, q: IdPageQuery & { challengerUserId?: string | null; status?: string }): Promise<{ id: string; created_at: string }[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.challengerUserId !== undefined) where.push(`c.challenger_user_id = $${params.push(q.challengerUserId)}`);
    if (q.status) where.push(`c.status = $${params.push(q.status)}`);
    if (q.after) where.push(`(c.created_at, c.id) < ($${params.push(q.after[0])}::timestamptz, $${params.push(q.after[1])}::uuid)`);
    return em.query(
      `SELECT c.id, ${EXACT_TIME('c.created_at')} AS created_at FROM challenge c ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY c.created_at DESC, c.id DESC LIMIT ${q.limit + 1}`,
      params,
    );
  },

  /**
   * Open challenges whose running stage clock (`clockKind`) is past due and that have a stage above
   * them, oldest due first, locked (SKIP LOCKED: two workers never take the same one).
   */
  dueForEscalation(em: EntityManager, clockKind: string, now: Date, lastStageIndex: number, limit: number): Promise<DueChallenge[]> {
    return em.query(
      `SELECT c.id, c.stage_index, c.contact_id, k.due_at
         FROM challenge c JOIN sla_clock k
           ON k.kind = $1 AND k.target_type = 'challenge' AND k.target_id = c.id AND k.met_at IS NULL AND k.cancelled_at IS NULL
        WHERE c.status = 'open' AND k.due_at <= $2 AND c.stage_index < $3
        ORDER BY k.due_at LIMIT ${limit}
        FOR UPDATE OF c SKIP LOCKED`,
      [clockKind, now, lastStageIndex],
    );
  },

  /** Moves an open challenge up one stage, only if it is still at `fromIndex`: false otherwise. */
  async moveStage(em: EntityManager, id: string, fromIndex: number, to: { index: number; key: string }, at: Date): Promise<boolean> {
    const [, changed] = await em.query(
      `UPDATE challenge SET stage_index = $2, stage_key = $3, stage_started_at = $4, updated_at = now() WHERE id = $1 AND stage_index = $5 AND status = 'open'`,
      [id, to.index, to.key, at, fromIndex],
    );
    return changed === 1;
  },

  async saveMeeting(em: EntityManager, values: Partial<ProfessionalsMeetingRequest>): Promise<ProfessionalsMeetingRequest> {
    return em.save(em.create(ProfessionalsMeetingRequest, values));
  },

  findMeeting(em: EntityManager, id: string, lock = false): Promise<ProfessionalsMeetingRequest | null> {
    return em.findOne(ProfessionalsMeetingRequest, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  },

  async updateMeeting(em: EntityManager, id: string, values: QueryDeepPartialEntity<ProfessionalsMeetingRequest>): Promise<void> {
    await em.update(ProfessionalsMeetingRequest, { id }, values);
  },

  /** Meeting request ids, newest first; one more than `limit`. */
  meetingPage(em: EntityManager, q: IdPageQuery & { requestedByUserId?: string | null }): Promise<{ id: string; created_at: string }[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.requestedByUserId !== undefined) where.push(`requested_by_user_id = $${params.push(q.requestedByUserId)}`);
    if (q.after) where.push(`(created_at, id) < ($${params.push(q.after[0])}::timestamptz, $${params.push(q.after[1])}::uuid)`);
    return em.query(
      `SELECT id, ${EXACT_TIME('created_at')} AS created_at FROM professionals_meeting_request ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at DESC, id DESC LIMIT ${q.limit + 1}`,
      params,
    );
  },

  /** The newest clock of a kind on a target, running or not (a meeting's answer due time). */
  async latestClock(em: EntityManager, kind: string, targetType: string, targetId: string): Promise<{ due_at: Date; met_at: Date | null } | null> {
    const [clock] = await em.query(`SELECT due_at, met_at FROM sla_clock WHERE kind = $1 AND target_type = $2 AND target_id = $3 ORDER BY created_at DESC LIMIT 1`, [kind, targetType, targetId]);
    return clock ?? null;
  },
};
