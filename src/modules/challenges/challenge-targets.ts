import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { StepDownsService } from '../step-downs/step-downs.service';
import { StrategyDeclineChallenges } from '../strategy/strategy-decline-challenges.service';
import type { ChallengeTargetType } from './domain/escalation';
import { challengeRows } from './persistence/challenge.repository';

/** What a challenge is about, once the challenger is known to be concerned by it. */
export interface ResolvedTarget {
  contactId: string | null;
  subjectId: string | null;
  /** Who made the challenged decision, grade, refusal or step-down (they may not answer the challenge). */
  decidedByUserId: string | null;
  /** Why it cannot be challenged now (e.g. a decision not yet final): a 409. */
  notChallengeable?: string;
}

/**
 * Finds a challenge target and says whether it concerns the challenger (SPEC ESC-1, SEC-2): null
 * when it does not exist or is not theirs (both a 404). One resolver per target type:
 * - decision: a threshold decision on a contact that concerns them; only a final one;
 * - grade: a child (contact_subject id) on a contact that concerns them;
 * - strategy_decline: a strategy request they (or their agency) made, once declined;
 * - step_down: a step-down of a child on a contact that concerns them, or one their agency (or they,
 *   as its lead professional) was asked to take; while pending acceptance or accepted.
 */
@Injectable()
export class ChallengeTargets {
  constructor(
    private readonly strategy: StrategyDeclineChallenges,
    private readonly stepDowns: StepDownsService,
  ) {}

  resolve(em: EntityManager, type: ChallengeTargetType, targetId: string, actor: Actor): Promise<ResolvedTarget | null> {
    switch (type) {
      case 'decision': return this.decision(em, targetId, actor);
      case 'grade': return this.grade(em, targetId, actor);
      case 'strategy_decline': return this.strategyDecline(em, targetId, actor);
      case 'step_down': return this.stepDown(em, targetId, actor);
    }
  }

  private async decision(em: EntityManager, id: string, actor: Actor): Promise<ResolvedTarget | null> {
    const d = await challengeRows.decision(em, id);
    if (!d || !(await challengeRows.contactConcerns(em, d.contactId, actor))) return null;
    return {
      contactId: d.contactId,
      subjectId: d.subjectId,
      decidedByUserId: d.decidedByUserId,
      notChallengeable: d.status === 'final' ? undefined : `This decision is ${d.status}; only a final decision can be challenged`,
    };
  }

  private async grade(em: EntityManager, subjectId: string, actor: Actor): Promise<ResolvedTarget | null> {
    const s = await challengeRows.gradedChild(em, subjectId);
    if (!s || !(await challengeRows.contactConcerns(em, s.contactId, actor))) return null;
    return { contactId: s.contactId, subjectId, decidedByUserId: s.confirmedByUserId };
  }

  private async strategyDecline(em: EntityManager, id: string, actor: Actor): Promise<ResolvedTarget | null> {
    const d = await this.strategy.declined(em, id);
    const requester = d && ((actor.userId && d.requestedByUserId === actor.userId) || (actor.agencyId && d.requestedByAgencyId === actor.agencyId));
    if (!d || !requester) return null;
    return {
      contactId: d.contactId,
      subjectId: d.subjectId,
      decidedByUserId: d.declinedByUserId,
      notChallengeable: d.status === 'declined' ? undefined : `This strategy discussion request is ${d.status}; only a declined request is challenged`,
    };
  }

  private async stepDown(em: EntityManager, id: string, actor: Actor): Promise<ResolvedTarget | null> {
    const s = await this.stepDowns.forChallenge(em, id);
    if (!s) return null;
    const receiving = (actor.agencyId && s.receivingAgencyId === actor.agencyId) || (actor.userId && s.leadProfessionalUserId === actor.userId);
    if (!receiving && !(await challengeRows.contactConcerns(em, s.contactId, actor))) return null;
    const open = (s.status === 'pending_acceptance' || s.status === 'accepted') && !s.requeuedAt;
    return {
      contactId: s.contactId,
      subjectId: s.subjectId,
      decidedByUserId: s.createdByUserId,
      notChallengeable: open ? undefined : `This step-down is ${s.status}; only a step-down pending acceptance or accepted is challenged`,
    };
  }
}
