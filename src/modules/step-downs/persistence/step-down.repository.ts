import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ChildStatusTransition } from './child-status-transition.entity';
import { StepDown } from './step-down.entity';

export interface ChildRow {
  contactId: string;
  subjectId: string;
  personId: string | null;
}

export interface UserRow {
  id: string;
  name: string;
  email: string;
  agencyId: string | null;
}

export interface StepDownEventRow {
  id: string;
  person_id: string;
  contact_id: string;
  status: string;
  created_at: Date;
  responded_at: Date | null;
  consent_declined_at: Date | null;
  requeued_at: Date | null;
  requeue_reason: string | null;
  requeue_contact_id: string | null;
  agency_name: string | null;
  reference: string;
}

/** The step_down table (and the reads a step-down needs of the child, the agency and the lead's account). Writes take the caller's transaction. */
@Injectable()
export class StepDownRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(em: EntityManager, id: string, lock = false): Promise<StepDown | null> {
    return em.findOne(StepDown, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findOrFail(em: EntityManager, id: string): Promise<StepDown> {
    return em.findOneByOrFail(StepDown, { id });
  }

  byDecision(em: EntityManager, decisionId: string): Promise<Pick<StepDown, 'id'> | null> {
    return em.findOne(StepDown, { where: { decisionId }, select: { id: true } });
  }

  /**
   * Serialises step-downs of one child (the person when linked, else the contact's child) so that
   * "at most one pending" holds between two requests at once.
   */
  async lockChild(em: EntityManager, child: { personId: string | null; subjectId: string }): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`step-down.${child.personId ?? child.subjectId}`]);
  }

  /** The child's step-down waiting for acceptance, if any (the same person on any contact, or this contact's child). */
  async pendingFor(em: EntityManager, child: { personId: string | null; subjectId: string }): Promise<StepDown | null> {
    const [row]: { id: string }[] = await em.query(
      `SELECT id FROM step_down WHERE status = 'pending_acceptance' AND requeued_at IS NULL
          AND (subject_id = $1 OR ($2::uuid IS NOT NULL AND person_id = $2::uuid)) ORDER BY created_at DESC LIMIT 1`,
      [child.subjectId, child.personId],
    );
    return row ? this.find(em, row.id, true) : null;
  }

  create(em: EntityManager, values: Partial<StepDown>): StepDown {
    return em.create(StepDown, values);
  }

  async save(em: EntityManager, row: StepDown): Promise<void> {
    await em.save(row);
  }

  async update(em: EntityManager, id: string, values: QueryDeepPartialEntity<StepDown>): Promise<void> {
    await em.update(StepDown, { id }, values);
  }

  /** Claims the row for a re-queue exactly once: false when it was re-queued before. */
  async claimRequeue(em: EntityManager, id: string, at: Date, reason: string): Promise<boolean> {
    const [claimed] = await em.query(`UPDATE step_down SET requeued_at = $2, requeue_reason = $3 WHERE id = $1 AND requeued_at IS NULL RETURNING id`, [id, at, reason]);
    return claimed.length > 0;
  }

  /** Claims up to 200 step-downs past their hard limit (SKIP LOCKED, requeued_at once): the ids claimed. */
  async claimPastHardLimit(em: EntityManager, now: Date): Promise<string[]> {
    const [claimed]: [{ id: string }[], number] = await em.query(
      `UPDATE step_down s SET requeued_at = $1, requeue_reason = 'hard_limit', status = 'requeued'
        WHERE s.id IN (SELECT id FROM step_down WHERE status = 'pending_acceptance' AND requeued_at IS NULL AND hard_limit_at <= $1
                        ORDER BY hard_limit_at LIMIT 200 FOR UPDATE SKIP LOCKED)
          AND s.requeued_at IS NULL
      RETURNING s.id`,
      [now],
    );
    return claimed.map((r) => r.id);
  }

  async insertTransition(em: EntityManager, values: Partial<ChildStatusTransition>): Promise<string> {
    const inserted = await em.insert(ChildStatusTransition, values);
    return inserted.identifiers[0].id as string;
  }

  async agencyExists(em: EntityManager, id: string): Promise<boolean> {
    return (await em.query('SELECT 1 FROM agency WHERE id = $1', [id])).length > 0;
  }

  async childBySubject(em: EntityManager, subjectId: string): Promise<ChildRow | null> {
    const [row] = await em.query('SELECT id, contact_id, person_id FROM contact_subject WHERE id = $1', [subjectId]);
    return row ? { contactId: row.contact_id, subjectId: row.id, personId: row.person_id } : null;
  }

  /** The child's latest contact, by person-index id. */
  async childByPerson(em: EntityManager, personId: string): Promise<ChildRow | null> {
    const [row] = await em.query(
      `SELECT s.id, s.contact_id, s.person_id FROM contact_subject s JOIN contact c ON c.id = s.contact_id
        WHERE s.person_id = $1 ORDER BY c.received_at DESC LIMIT 1`,
      [personId],
    );
    return row ? { contactId: row.contact_id, subjectId: row.id, personId: row.person_id } : null;
  }

  async activeUser(em: EntityManager, id: string): Promise<UserRow | null> {
    const [u] = await em.query('SELECT id, name, email, agency_id FROM app_user WHERE id = $1 AND active', [id]);
    return u ? { id: u.id, name: u.name, email: u.email, agencyId: u.agency_id } : null;
  }

  async activeUserByEmail(em: EntityManager, email: string): Promise<UserRow | null> {
    const [u] = await em.query('SELECT id, name, email, agency_id FROM app_user WHERE lower(email) = lower($1) AND active', [email]);
    return u ? { id: u.id, name: u.name, email: u.email, agencyId: u.agency_id } : null;
  }

  /** Step-downs of these people up to `until`, with the receiving agency's name and the contact's reference (chronology). */
  eventsOf(personIds: string[], until: Date): Promise<StepDownEventRow[]> {
    return this.dataSource.query(
      `SELECT d.id, d.person_id, d.contact_id, d.status, d.created_at, d.responded_at, d.consent_declined_at, d.requeued_at, d.requeue_reason,
              d.requeue_contact_id, a.name AS agency_name, c.reference
         FROM step_down d JOIN contact c ON c.id = d.contact_id LEFT JOIN agency a ON a.id = d.receiving_agency_id
        WHERE d.person_id = ANY($1::uuid[]) AND d.created_at <= $2`,
      [personIds, until],
    );
  }

  /** Step-downs made from, or re-queued as, these contacts (history annotations). */
  onContacts(contactIds: string[]): Promise<{ id: string; contact_id: string; status: string; requeue_contact_id: string | null; requeue_reason: string | null }[]> {
    return this.dataSource.query(
      `SELECT id, contact_id, status, requeue_contact_id, requeue_reason FROM step_down
        WHERE contact_id = ANY($1::uuid[]) OR requeue_contact_id = ANY($1::uuid[]) ORDER BY created_at`,
      [contactIds],
    );
  }
}
