import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { ChallengeTargetType } from './domain/escalation';

/** What a challenge is about, once the challenger is known to be concerned by it. */
export interface ResolvedTarget {
  contactId: string | null;
  subjectId: string | null;
  /** Who made the challenged decision, grade or refusal (they may not answer the challenge). */
  decidedByUserId: string | null;
  /** Why it cannot be challenged now (e.g. a decision not yet final): a 409. */
  notChallengeable?: string;
}

/**
 * Finds a challenge target and says whether it concerns the challenger (SPEC ESC-1, SEC-2): null
 * when it does not exist or is not theirs (both a 404). Strategy discussions and step-downs register
 * their resolvers here (`ChallengeTargets.register`) from their modules' onModuleInit.
 */
export interface ChallengeTargetResolver {
  readonly targetType: ChallengeTargetType;
  resolve(em: EntityManager, targetId: string, actor: Actor): Promise<ResolvedTarget | null>;
}

@Injectable()
export class ChallengeTargets {
  private readonly resolvers = new Map<string, ChallengeTargetResolver>();

  register(resolver: ChallengeTargetResolver): void {
    this.resolvers.set(resolver.targetType, resolver);
  }

  async resolve(em: EntityManager, type: ChallengeTargetType, targetId: string, actor: Actor): Promise<ResolvedTarget | null> {
    const resolver = this.resolvers.get(type);
    return resolver ? resolver.resolve(em, targetId, actor) : null;
  }
}

/**
 * A contact concerns a professional when they or their agency submitted it, or their agency was
 * asked for a check on it (an involved agency).
 */
export async function contactConcerns(em: EntityManager, contactId: string, actor: Actor): Promise<boolean> {
  const [row] = await em.query(
    `SELECT EXISTS (SELECT 1 FROM contact c WHERE c.id = $1 AND (c.submitted_by_user_id = $2 OR ($3::uuid IS NOT NULL AND c.submitted_by_agency_id = $3)))
         OR EXISTS (SELECT 1 FROM agency_check k WHERE k.contact_id = $1 AND $3::uuid IS NOT NULL AND k.agency_id = $3) AS concerns`,
    [contactId, actor.userId, actor.agencyId],
  );
  return row.concerns === true;
}

/** A threshold decision (targetType decision): only a final decision is challenged. */
export const decisionTarget: ChallengeTargetResolver = {
  targetType: 'decision',
  async resolve(em, targetId, actor) {
    const [d] = await em.query('SELECT contact_id, subject_id, decided_by_user_id, status FROM threshold_decision WHERE id = $1', [targetId]);
    if (!d || !(await contactConcerns(em, d.contact_id, actor))) return null;
    return {
      contactId: d.contact_id,
      subjectId: d.subject_id,
      decidedByUserId: d.decided_by_user_id,
      notChallengeable: d.status === 'final' ? undefined : `This decision is ${d.status}; only a final decision can be challenged`,
    };
  },
};

/** A child's grade (targetType grade): the target id is the child's contact_subject id. */
export const gradeTarget: ChallengeTargetResolver = {
  targetType: 'grade',
  async resolve(em, targetId, actor) {
    const [s] = await em.query(
      `SELECT s.contact_id, g.confirmed_by_user_id FROM contact_subject s LEFT JOIN subject_grade g ON g.subject_id = s.id WHERE s.id = $1`,
      [targetId],
    );
    if (!s || !(await contactConcerns(em, s.contact_id, actor))) return null;
    return { contactId: s.contact_id, subjectId: targetId, decidedByUserId: s.confirmed_by_user_id ?? null };
  },
};

/**
 * A declined strategy discussion request (targetType strategy_decline, SPEC STR-1, ESC-1): the
 * requester (or their agency) is told of the decline with the route to challenge it, so they may.
 */
export const strategyDeclineTarget: ChallengeTargetResolver = {
  targetType: 'strategy_decline',
  async resolve(em, targetId, actor) {
    const [d] = await em.query('SELECT contact_id, subject_id, declined_by_user_id, requested_by_user_id, requested_by_agency_id, status FROM strategy_discussion WHERE id = $1', [targetId]);
    if (!d) return null;
    const requester = (actor.userId !== null && d.requested_by_user_id === actor.userId) || (actor.agencyId !== null && actor.role !== 'referrer' && d.requested_by_agency_id === actor.agencyId);
    if (!requester) return null;
    return {
      contactId: d.contact_id,
      subjectId: d.subject_id,
      decidedByUserId: d.declined_by_user_id,
      notChallengeable: d.status === 'declined' ? undefined : 'Only a declined request can be challenged',
    };
  },
};
