/** The words of a threshold decision (SPEC DEC-1, DEC-2, §1). Pure data: no Nest or TypeORM. */

/** DEC-2. There is no "information only" outcome: every child gets one of these. */
export const DECISION_OUTCOMES = ['nfa', 'advice_signpost', 'early_help', 'cin_assessment', 'strategy_discussion', 'immediate_protection', 'existing_case'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const DECISION_STATUSES = ['pending_approval', 'final', 'returned', 'superseded'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** The local continuum of need (SPEC §1): 1 universal, 2 early help, 3 child in need (s17), 4 child protection (s47). */
export const THRESHOLD_LEVELS = [1, 2, 3, 4] as const;
export type ThresholdLevel = (typeof THRESHOLD_LEVELS)[number];

/** The child's confirmed RAG grade (SPEC RAG-1); owned by triage, read here. */
export const RAG_GRADES = ['RED', 'AMBER', 'GREEN'] as const;
export type RagGrade = (typeof RAG_GRADES)[number];

export const CHILD_SEEN_ALONE = ['yes', 'no'] as const;
export type ChildSeenAlone = (typeof CHILD_SEEN_ALONE)[number];

/** The only outcomes a RED child may get without a manager's override (DEC-3, IOW 2.3, 2.7). */
export const CHILD_PROTECTION_OUTCOMES: readonly DecisionOutcome[] = ['strategy_discussion', 'immediate_protection'];

/** Below threshold: these need a risk analysis, reasons and alternative support (DEC-3, Working Together para 21). */
export const BELOW_THRESHOLD_OUTCOMES: readonly DecisionOutcome[] = ['nfa', 'advice_signpost'];

/**
 * "Lower" outcomes for the sole-reason guard (DEC-3): the ones the case reviews saw justified by a
 * partner in prison or a mother "engaging" (DUD 5.13-5.18). Early help counts: it is a step down.
 */
export const LOWER_OUTCOMES: readonly DecisionOutcome[] = ['nfa', 'advice_signpost', 'early_help'];

/**
 * How far up the continuum an outcome goes, for "downgrade" (DEC-4). existing_case sits with
 * cin_assessment: the child is already open to a social worker.
 */
export const OUTCOME_RANK: Readonly<Record<DecisionOutcome, number>> = {
  nfa: 0,
  advice_signpost: 1,
  early_help: 2,
  cin_assessment: 3,
  existing_case: 3,
  strategy_discussion: 4,
  immediate_protection: 5,
};

export const isBlank = (value: string | null | undefined): boolean => !value || value.trim().length === 0;
