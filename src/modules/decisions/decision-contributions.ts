import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { ContributedFinding } from './domain/contributed-findings';
import type { DecisionOutcome, LeadProfessional, StepDownHandover, ThresholdDecision } from './persistence/threshold-decision.entity';

/** The decision a final-decision effect is given (a threshold_decision row, read only). */
export type FinalDecision = Readonly<ThresholdDecision>;

/** What a contributed guard is asked about: the decision being recorded for one child. */
export interface DecisionGuardQuestion {
  contactId: string;
  subjectId: string;
  outcome: DecisionOutcome;
  thresholdLevel: number;
  /** What the form names for a step-down (an early_help decision proposes one, SPEC STEP-2). */
  leadProfessional?: LeadProfessional | null;
  stepDown?: StepDownHandover | null;
}

/** A guard another feature adds to the decision screen (e.g. STR-2: a strategy discussion is required). */
export interface DecisionGuardContribution {
  readonly name: string;
  evaluate(em: EntityManager, question: DecisionGuardQuestion): Promise<ContributedFinding[]>;
}

/** Something another feature does, in the decision's transaction, when a decision becomes final (feedback, a strategy request, a step-down). */
export interface FinalDecisionEffect {
  readonly name: string;
  onFinal(em: EntityManager, decision: FinalDecision, actor: Actor): Promise<void>;
}

/**
 * The guards and final-decision effects other features contribute to a threshold decision, run in
 * the order given. The decisions module depends on no contributing feature: the one list of them,
 * in order, is built in src/decision-contributions.module.ts.
 */
export class DecisionContributions {
  constructor(
    readonly guards: readonly DecisionGuardContribution[],
    readonly effects: readonly FinalDecisionEffect[],
  ) {}

  async findings(em: EntityManager, question: DecisionGuardQuestion): Promise<ContributedFinding[]> {
    const out: ContributedFinding[] = [];
    for (const guard of this.guards) out.push(...(await guard.evaluate(em, question)));
    return out;
  }

  async runOnFinal(em: EntityManager, decision: FinalDecision, actor: Actor): Promise<void> {
    for (const effect of this.effects) await effect.onFinal(em, decision, actor);
  }
}
