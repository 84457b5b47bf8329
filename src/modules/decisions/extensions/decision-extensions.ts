import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../auth/actor';
import type { GuardResult } from '../domain/decision-guards';
import type { DecisionOutcome, ThresholdDecision } from '../persistence/threshold-decision.entity';

/** Something that must happen, in the decision's transaction, when a decision becomes final
 *  (feedback rows, a strategy discussion request, a step-down, clocks). */
export interface FinalDecisionEffect {
  readonly name: string;
  onFinal(em: EntityManager, decision: ThresholdDecision, actor: Actor): Promise<void>;
}

/** A guard another module adds to the decision screen (e.g. STR-2: strategy discussion required). */
export interface DecisionGuardContributor {
  readonly name: string;
  evaluate(em: EntityManager, input: { contactId: string; subjectId: string; outcome: DecisionOutcome; thresholdLevel: number }): Promise<ContributedFinding[]>;
}

export interface ContributedFinding {
  rule: string;
  field: string;
  message: string;
}

/**
 * Lets pathway modules (strategy, step-downs, feedback) hook into decisions without the decisions
 * module depending on them. Modules register in onModuleInit.
 */
@Injectable()
export class DecisionExtensions {
  private readonly effects: FinalDecisionEffect[] = [];
  private readonly guards: DecisionGuardContributor[] = [];

  addEffect(effect: FinalDecisionEffect): void {
    if (!this.effects.some((e) => e.name === effect.name)) this.effects.push(effect);
  }

  addGuard(guard: DecisionGuardContributor): void {
    if (!this.guards.some((g) => g.name === guard.name)) this.guards.push(guard);
  }

  async findings(em: EntityManager, input: Parameters<DecisionGuardContributor['evaluate']>[1]): Promise<ContributedFinding[]> {
    const out: ContributedFinding[] = [];
    for (const guard of this.guards) out.push(...(await guard.evaluate(em, input)));
    return out;
  }

  async runOnFinal(em: EntityManager, decision: ThresholdDecision, actor: Actor): Promise<void> {
    for (const effect of this.effects) await effect.onFinal(em, decision, actor);
  }
}

@Global()
@Module({ providers: [DecisionExtensions], exports: [DecisionExtensions] })
export class DecisionExtensionsModule {}

/** The decision screen's verdict once other modules' guards are added; rules are plain strings here. */
export interface MergedGuardResult {
  violations: ContributedFinding[];
  overrides: ContributedFinding[];
  needsApproval: GuardResult['needsApproval'];
  approvalsRequired: number;
  requiresSecondManager: boolean;
}

/** Contributed findings block the decision, unless a manager overrides them with a reason (then DEC-4 approval). */
export function mergeContributedFindings(result: GuardResult, contributed: ContributedFinding[], managerOverride: boolean): MergedGuardResult {
  const strip = ({ rule, field, message }: ContributedFinding) => ({ rule, field, message });
  const merged: MergedGuardResult = {
    violations: [...result.violations.map(strip), ...(managerOverride ? [] : contributed)],
    overrides: [...result.overrides.map(strip), ...(managerOverride ? contributed : [])],
    needsApproval: [...result.needsApproval],
    approvalsRequired: result.approvalsRequired,
    requiresSecondManager: result.requiresSecondManager,
  };
  if (managerOverride && contributed.length && !merged.needsApproval.some((n) => n.reason === 'DEC-4.override')) {
    merged.needsApproval.push({ reason: 'DEC-4.override', message: 'An override is approved by another manager (SPEC DEC-4)', secondManager: false });
    merged.approvalsRequired = Math.max(merged.approvalsRequired, 1);
  }
  return merged;
}
