import type { EntityManager } from 'typeorm';
import type { OutstandingCheck } from '../domain/decision-guards';
import type { RagGrade } from '../domain/decision-vocabulary';

/** Everything about a child a decision's guards read that is not on the decision form. */
export interface DecisionContext {
  grade: RagGrade | null;
  frameworkVersion: string;
  flags: string[];
  cpIndicatorEverRecorded: boolean;
  referrerSaidChildProtection: boolean;
  outstandingRequiredChecks: OutstandingCheck[];
  preClosureWindow: boolean;
}

/**
 * PORT. Bound by DecisionRecordingModule to DecisionContextService, which answers checks and the
 * referrer's view from this branch's tables and asks GradeReader and PreClosureWindow for the rest.
 */
export abstract class DecisionContextPort {
  abstract getContext(em: EntityManager, query: { contactId: string; subjectId: string; at: Date }): Promise<DecisionContext>;
}
