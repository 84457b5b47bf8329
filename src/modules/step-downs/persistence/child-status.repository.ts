import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChildStatusTransition } from './child-status-transition.entity';

export interface LatestTransitionRow {
  to_level: string;
  effective_at: Date;
  lead_professional_user_id: string | null;
  lead_professional_name: string | null;
  lead_professional_agency_id: string | null;
  source: string;
  category_of_abuse: string | null;
  reference: string | null;
}

/** child_status_transition (SPEC STEP-1) and the reads that say who may see a child's level. */
@Injectable()
export class ChildStatusRepository {
  /** Serialises two changes for one child, so "from" is always the level just before. */
  async lockChild(em: EntityManager, personId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`child-status.${personId}`]);
  }

  async insert(em: EntityManager, values: Partial<ChildStatusTransition>): Promise<string> {
    const inserted = await em.insert(ChildStatusTransition, values);
    return inserted.identifiers[0].id as string;
  }

  async latest(em: EntityManager, personId: string): Promise<LatestTransitionRow | null> {
    const [t] = await em.query(
      `SELECT to_level, effective_at, lead_professional_user_id, lead_professional_name, lead_professional_agency_id, source, category_of_abuse, reference
         FROM child_status_transition WHERE person_id = $1 ORDER BY effective_at DESC, created_at DESC LIMIT 1`,
      [personId],
    );
    return t ?? null;
  }

  async pendingStepDown(em: EntityManager, personId: string): Promise<{ id: string; lead_professional_name: string; receiving_agency_id: string | null } | null> {
    const [pending] = await em.query(
      `SELECT id, lead_professional_name, receiving_agency_id FROM step_down
        WHERE person_id = $1 AND status = 'pending_acceptance' AND requeued_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      [personId],
    );
    return pending ?? null;
  }

  /** A child is known when the person index has it, or a contact subject or a transition names the id. */
  async childExists(em: EntityManager, personId: string): Promise<boolean> {
    const [row] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM person WHERE id = $1) OR EXISTS (SELECT 1 FROM contact_subject WHERE person_id = $1)
           OR EXISTS (SELECT 1 FROM child_status_transition WHERE person_id = $1) AS found`,
      [personId],
    );
    return row.found;
  }

  /**
   * A partner is involved with the child when their agency submitted a contact about the child,
   * answered a check about the child, receives a step-down of the child or holds its lead
   * professional, or is a strategy discussion invitee.
   */
  async involved(em: EntityManager, personId: string, agencyId: string, userId: string | null): Promise<boolean> {
    const [row] = await em.query(
      `SELECT
         EXISTS (SELECT 1 FROM contact c JOIN contact_subject s ON s.contact_id = c.id WHERE s.person_id = $1 AND c.submitted_by_agency_id = $2)
      OR EXISTS (SELECT 1 FROM agency_check k
                  WHERE (k.agency_id = $2 OR k.responded_by_agency_id = $2) AND k.status IN ('returned', 'declined', 'unable')
                    AND ($1 = ANY(k.subject_person_ids)
                         OR EXISTS (SELECT 1 FROM contact_subject s WHERE s.person_id = $1 AND s.contact_id = k.contact_id
                                     AND (cardinality(k.subject_ids) = 0 OR s.id = ANY(k.subject_ids)))))
      OR EXISTS (SELECT 1 FROM step_down d LEFT JOIN app_user u ON u.id = d.lead_professional_user_id
                  WHERE d.person_id = $1 AND (d.receiving_agency_id = $2 OR u.agency_id = $2 OR d.lead_professional_user_id = $3))
      OR EXISTS (SELECT 1 FROM child_status_transition t WHERE t.person_id = $1 AND (t.lead_professional_agency_id = $2 OR t.lead_professional_user_id = $3))
      OR EXISTS (SELECT 1 FROM strategy_invitee i JOIN strategy_discussion d ON d.id = i.discussion_id
                  WHERE i.invited AND i.agency_id = $2
                    AND (d.person_id = $1 OR d.subject_id IN (SELECT id FROM contact_subject WHERE person_id = $1))) AS involved`,
      [personId, agencyId, userId],
    );
    return row.involved;
  }

  /** An invitee (per person, where a person is named) of a convened or held strategy discussion about the child. */
  async currentStrategyInvitee(em: EntityManager, personId: string, agencyId: string | null, userId: string | null): Promise<boolean> {
    const [row] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM strategy_invitee i JOIN strategy_discussion d ON d.id = i.discussion_id
                       WHERE i.invited AND d.status IN ('convened', 'held')
                         AND (i.user_id = $3 OR (i.user_id IS NULL AND i.agency_id = $2))
                         AND (d.person_id = $1 OR d.subject_id IN (SELECT id FROM contact_subject WHERE person_id = $1))) AS current`,
      [personId, agencyId, userId],
    );
    return row.current;
  }
}
