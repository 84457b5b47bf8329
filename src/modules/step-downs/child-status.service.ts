import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, isMashStaff } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import type { ChildLevel } from './domain/child-level-vocabulary';
import { planExternalTransition } from './domain/child-status';
import type { RecordStatusDto } from './dto/child-status.dto';
import { ChildStatusTransition } from './persistence/child-status-transition.entity';
import { childLevels } from './persistence/child-level.repository';

export interface ChildStatusView {
  personId: string;
  level: ChildLevel;
  since: string | null;
  leadProfessional: { userId: string | null; name: string | null; agencyId: string | null } | null;
  /** Who holds the risk now: the MASH while a step-down waits for acceptance (SPEC STEP-2). */
  responsible: 'mash' | 'lead_professional' | 'case_system' | 'none';
  pendingStepDown: { id: string; status: 'pending_acceptance'; leadProfessionalName: string; receivingAgencyId: string | null } | null;
  categoryOfAbuse: string | null;
  reference: string | null;
}

/**
 * A child's current level (SPEC STEP-1): the latest child_status_transition, and a pending
 * step-down, which leaves the MASH responsible until the lead professional accepts.
 */
@Injectable()
export class ChildStatusService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async read(actor: Actor, personId: string): Promise<ChildStatusView> {
    const view = await this.uow.run(async (em) => {
      if (!(await this.childExists(em, personId))) throw new NotFoundException('No such child');
      if (!isMashStaff(actor) && !(await this.involved(em, actor, personId))) throw new NotFoundException('No such child');
      return this.view(em, personId);
    });
    await this.audit.recordRead(actor, 'person_status', personId);
    return view;
  }

  /** POST /api/v1/people/{id}/status: a change made outside the MASH (ICPC, care, a plan ending). */
  async record(actor: Actor, personId: string, dto: RecordStatusDto): Promise<ChildStatusView> {
    return this.uow.run(async (em) => {
      if (!(await this.childExists(em, personId))) throw new NotFoundException('No such child');
      // Serialises two changes for one child, so "from" is always the level just before.
      await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`child-status.${personId}`]);
      const current = await childLevels.current(em, personId);
      const { transition, breaks } = planExternalTransition(current, {
        level: dto.level, startedAt: dto.startedAt ? new Date(dto.startedAt) : null, endedAt: dto.endedAt ? new Date(dto.endedAt) : null,
        categoryOfAbuse: dto.categoryOfAbuse ?? null, nextLevel: dto.nextLevel ?? null,
      }, this.now());
      if (!transition) throw new RuleViolationException('The status change cannot be recorded: see details', breaks);
      const inserted = await em.insert(ChildStatusTransition, {
        personId, fromLevel: transition.fromLevel, toLevel: transition.toLevel, effectiveAt: transition.effectiveAt, categoryOfAbuse: transition.categoryOfAbuse,
        reason: dto.startedAt ? `${dto.level} started` : `${dto.level} ended`, source: 'external', reference: dto.reference, decidedByUserId: actor.userId,
      });
      const id = inserted.identifiers[0].id as string;
      await this.audit.record(em, actor, {
        action: 'child_status.recorded', entityType: 'person', entityId: personId,
        summary: { transitionId: id, fromLevel: transition.fromLevel, toLevel: transition.toLevel, categoryOfAbuse: transition.categoryOfAbuse, source: 'external' },
      });
      return this.view(em, personId);
    });
  }

  private async view(em: EntityManager, personId: string): Promise<ChildStatusView> {
    const [t] = await em.query(
      `SELECT to_level, effective_at, lead_professional_user_id, lead_professional_name, lead_professional_agency_id, source, category_of_abuse, reference
         FROM child_status_transition WHERE person_id = $1 ORDER BY effective_at DESC, created_at DESC LIMIT 1`,
      [personId],
    );
    const [pending] = await em.query(
      `SELECT id, lead_professional_name, receiving_agency_id FROM step_down
        WHERE person_id = $1 AND status = 'pending_acceptance' AND requeued_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      [personId],
    );
    const level: ChildLevel = t?.to_level ?? 'universal';
    const lead = t && (t.lead_professional_user_id || t.lead_professional_name)
      ? { userId: t.lead_professional_user_id, name: t.lead_professional_name, agencyId: t.lead_professional_agency_id }
      : null;
    let responsible: ChildStatusView['responsible'] = lead ? 'lead_professional' : t?.source === 'external' && level !== 'universal' ? 'case_system' : 'none';
    if (pending) responsible = 'mash';
    return {
      personId, level, since: t ? new Date(t.effective_at).toISOString() : null, leadProfessional: lead, responsible,
      pendingStepDown: pending ? { id: pending.id, status: 'pending_acceptance', leadProfessionalName: pending.lead_professional_name, receivingAgencyId: pending.receiving_agency_id } : null,
      categoryOfAbuse: level === 'child_protection' ? (t?.category_of_abuse ?? null) : null, reference: t?.reference ?? null,
    };
  }

  /** A child is known when the person index has it, or a contact subject or a transition names the id. */
  private async childExists(em: EntityManager, personId: string): Promise<boolean> {
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
   * professional, or is a strategy discussion invitee (when that table exists).
   */
  private async involved(em: EntityManager, actor: Actor, personId: string): Promise<boolean> {
    if (!actor.agencyId) return false;
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
      OR EXISTS (SELECT 1 FROM child_status_transition t WHERE t.person_id = $1 AND (t.lead_professional_agency_id = $2 OR t.lead_professional_user_id = $3)) AS involved`,
      [personId, actor.agencyId, actor.userId],
    );
    return row.involved || (await this.invitedToStrategy(em, actor, personId));
  }

  /** Invited to a strategy discussion about the child (strategy_invitee). */
  private async invitedToStrategy(em: EntityManager, actor: Actor, personId: string): Promise<boolean> {
    const [row] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM strategy_invitee i JOIN strategy_discussion d ON d.id = i.discussion_id
                       WHERE i.invited AND i.agency_id = $2
                         AND (d.person_id = $1 OR d.subject_id IN (SELECT id FROM contact_subject WHERE person_id = $1))) AS invited`,
      [personId, actor.agencyId],
    );
    return row.invited;
  }
}
