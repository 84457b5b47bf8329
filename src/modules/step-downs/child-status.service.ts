import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, isMashStaff } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import type { ChildLevel } from './domain/child-level-vocabulary';
import { planExternalTransition } from './domain/child-status';
import type { RecordStatusDto } from './dto/child-status.dto';
import { ChildStatusRepository } from './persistence/child-status.repository';
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
    private readonly repo: ChildStatusRepository,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async read(actor: Actor, personId: string): Promise<ChildStatusView> {
    const view = await this.uow.run(async (em) => {
      if (!(await this.repo.childExists(em, personId))) throw new NotFoundException('No such child');
      if (!isMashStaff(actor) && !(await this.involved(em, actor, personId))) throw new NotFoundException('No such child');
      const status = await this.view(em, personId);
      // The category of abuse is for those working with the child now, not every agency that ever referred.
      if (!isMashStaff(actor) && !(await this.currentParticipant(em, actor, personId, status))) status.categoryOfAbuse = null;
      return status;
    });
    await this.audit.recordRead(actor, 'person_status', personId);
    return view;
  }

  /** POST /api/v1/people/{id}/status: a change made outside the MASH (ICPC, care, a plan ending). */
  async record(actor: Actor, personId: string, dto: RecordStatusDto): Promise<ChildStatusView> {
    return this.uow.run(async (em) => {
      if (!(await this.repo.childExists(em, personId))) throw new NotFoundException('No such child');
      // Serialises two changes for one child, so "from" is always the level just before.
      await this.repo.lockChild(em, personId);
      const current = await childLevels.current(em, personId);
      const { transition, breaks } = planExternalTransition(current, {
        level: dto.level, startedAt: dto.startedAt ? new Date(dto.startedAt) : null, endedAt: dto.endedAt ? new Date(dto.endedAt) : null,
        categoryOfAbuse: dto.categoryOfAbuse ?? null, nextLevel: dto.nextLevel ?? null,
      }, this.now());
      if (!transition) throw new RuleViolationException('The status change cannot be recorded: see details', breaks);
      const id = await this.repo.insert(em, {
        personId, fromLevel: transition.fromLevel, toLevel: transition.toLevel, effectiveAt: transition.effectiveAt, categoryOfAbuse: transition.categoryOfAbuse,
        reason: dto.startedAt ? `${dto.level} started` : `${dto.level} ended`, source: 'external', reference: dto.reference, decidedByUserId: actor.userId,
      });
      await this.audit.record(em, actor, {
        action: 'child_status.recorded', entityType: 'person', entityId: personId,
        summary: { transitionId: id, fromLevel: transition.fromLevel, toLevel: transition.toLevel, categoryOfAbuse: transition.categoryOfAbuse, source: 'external' },
      });
      return this.view(em, personId);
    });
  }

  private async view(em: EntityManager, personId: string): Promise<ChildStatusView> {
    const t = await this.repo.latest(em, personId);
    const pending = await this.repo.pendingStepDown(em, personId);
    const level = (t?.to_level ?? 'universal') as ChildLevel;
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

  /**
   * A partner is involved with the child when their agency submitted a contact about the child,
   * answered a check about the child, receives a step-down of the child or holds its lead
   * professional, or is a strategy discussion invitee.
   */
  private async involved(em: EntityManager, actor: Actor, personId: string): Promise<boolean> {
    if (!actor.agencyId) return false;
    return this.repo.involved(em, personId, actor.agencyId, actor.userId);
  }

  /**
   * Working with the child now: the current lead professional (or their agency), the agency a
   * step-down is waiting on, or an invitee (per person, where a person is named) of a strategy
   * discussion about the child that is convened or held.
   */
  private async currentParticipant(em: EntityManager, actor: Actor, personId: string, status: ChildStatusView): Promise<boolean> {
    const lead = status.leadProfessional;
    if (lead && ((lead.userId && lead.userId === actor.userId) || (lead.agencyId && lead.agencyId === actor.agencyId))) return true;
    if (status.pendingStepDown && status.pendingStepDown.receivingAgencyId === actor.agencyId) return true;
    return this.repo.currentStrategyInvitee(em, personId, actor.agencyId, actor.userId);
  }
}
