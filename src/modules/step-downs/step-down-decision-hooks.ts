import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import type { DecisionGuardContribution, DecisionGuardQuestion, FinalDecision, FinalDecisionEffect } from '../decisions/decision-contributions';
import type { ContributedFinding } from '../decisions/domain/contributed-findings';
import { STEP_DOWN_RULES, stepDownBlocks } from './domain/step-down-blocks';
import { readStepDownFacts } from './persistence/step-down-facts';
import { StepDownsService } from './step-downs.service';
import { StepDownRepository } from './persistence/step-down.repository';

/**
 * What step-downs add to a threshold decision: an early_help decision must carry a complete step-down
 * (STEP-2: a reachable lead professional, risk handover, plan, review date), shows the STEP-3 blocks on the
 * decision screen (a manager may override them with a reason, then DEC-4 approval), and once final
 * proposes the step-down in the decision's transaction (where the sexual abuse block, which nothing
 * lifts, refuses it and so the decision).
 */
@Injectable()
export class StepDownDecisionHooks implements DecisionGuardContribution, FinalDecisionEffect {
  readonly name = 'step-downs';

  constructor(
    private readonly stepDowns: StepDownsService,
    private readonly repo: StepDownRepository,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async evaluate(em: EntityManager, question: DecisionGuardQuestion): Promise<ContributedFinding[]> {
    if (question.outcome !== 'early_help') return [];
    const child = { contactId: question.contactId, subjectId: question.subjectId, personId: (await this.repo.childBySubject(em, question.subjectId))?.personId ?? null };
    // STEP-2: a step-down nobody can accept is no step-down; no override supplies what is missing.
    const missing = (await this.stepDowns.missingForDecision(em, child, question)).map((f) => ({ ...f, overridable: false }));
    const now = this.now();
    // The decision being recorded resolves this child's allegations on this contact: only others count.
    const facts = await readStepDownFacts(em, child, now, { resolving: question.subjectId });
    const findings = stepDownBlocks(facts, now).map(({ rule, message }) => ({ rule, field: 'outcome', message }));
    // Contributed findings are overridable by a manager; this one never is, so it refuses the decision here.
    if (findings.some((f) => f.rule === STEP_DOWN_RULES.sexualAbuse)) {
      throw new RuleViolationException('A sexual abuse concern is never stepped down to early help: see details', findings);
    }
    return [...missing, ...findings];
  }

  onFinal(em: EntityManager, decision: FinalDecision, actor: Actor): Promise<void> {
    return this.stepDowns.createFromDecision(em, decision, actor);
  }
}
