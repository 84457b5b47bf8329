import type { ApprovalPolicy } from './approval-policy';
import type { ReasonCatalogue } from './decision-reasons';
import {
  BELOW_THRESHOLD_OUTCOMES,
  CHILD_PROTECTION_OUTCOMES,
  CHILD_SEEN_ALONE,
  ChildSeenAlone,
  DECISION_OUTCOMES,
  DecisionOutcome,
  isBlank,
  LOWER_OUTCOMES,
  OUTCOME_RANK,
  RAG_GRADES,
  RagGrade,
  THRESHOLD_LEVELS,
  ThresholdLevel,
} from './decision-vocabulary';

/**
 * The guards serious case reviews ask for on a threshold decision (SPEC DEC-3, DEC-4, DEC-6, CHK-4,
 * RAG-6), as one pure function: input -> violations (422 details) and reasons to wait for a manager.
 */

/** A required check that is neither answered nor waived (from the checks module). */
export interface OutstandingCheck {
  checkType: string;
  /** 'contact', 'subject:<contact_subject id>' or 'household_member:<id>' */
  scope: string;
  /** The requirement that made it required: CHK-1, CHK-2, CHK-3 or CHK-5. */
  requiredBy: string;
}

/** The decision form: what the worker or manager fills in (API.md "Decisions"). */
export interface DecisionForm {
  outcome: DecisionOutcome;
  thresholdLevel: ThresholdLevel;
  rationale: string;
  historyReviewed: boolean;
  riskAnalysis?: string | null;
  reasonsThresholdNotMet?: string | null;
  alternativeSupport?: string[];
  reasonCodes?: string[];
  childSeenAlone?: ChildSeenAlone | null;
  childSeenAloneWhyNot?: string | null;
  checksDone?: boolean | null;
  strategyDiscussionConsidered?: boolean | null;
  /** How the decision answers the referrer's child-protection view (DEC-6). */
  referrerDisagreementAddressed?: string | null;
  overrideReason?: string | null;
}

/** The form plus what is known about the child and the decider. */
export interface DecisionGuardInput extends DecisionForm {
  /** The child's confirmed grade (RAG-3). */
  grade: RagGrade;
  /** The referrer called it a child protection referral (INT-2). */
  referrerSaidChildProtection: boolean;
  /** PPL-4 rule ids on the child. */
  accumulationFlags: string[];
  /** A CP plan, s47 or CP-level decision was ever recorded for the child (DEC-4). */
  cpIndicatorEverRecorded: boolean;
  /** Required checks still outstanding after waivers (CHK-4). */
  outstandingRequiredChecks: OutstandingCheck[];
  /** When superseding: the outcome of the decision being replaced. */
  supersedesOutcome?: DecisionOutcome | null;
  actorIsManager: boolean;
  /** The decision date is in the working days before a closure period (RAG-6), from the calendar. */
  preClosureWindow: boolean;
}

export const GUARD_RULES = [
  'DEC-3.red-outcome',
  'DEC-3.nfa-needs-risk-analysis',
  'DEC-3.nfa-needs-reasons',
  'DEC-3.nfa-needs-alternative-support',
  'DEC-3.insufficient-evidence',
  'DEC-3.sole-reason',
  'DEC-3.history-reviewed',
  'DEC-6.referrer-disagreement',
  'CHK-4.outstanding-check',
] as const;
export type GuardRule = (typeof GUARD_RULES)[number];

export const APPROVAL_REASONS = ['DEC-4.nfa', 'DEC-4.downgrade', 'DEC-4.override', 'DEC-4.step-down-cp-indicator', 'DEC-3.accumulation-flag', 'RAG-6.pre-closure'] as const;
export type ApprovalReason = (typeof APPROVAL_REASONS)[number];

export interface GuardFinding {
  rule: GuardRule;
  field: string;
  message: string;
}

export interface ApprovalNeed {
  reason: ApprovalReason;
  message: string;
  /** RAG-6: a second manager must review as well. */
  secondManager: boolean;
}

export interface GuardResult {
  /** Breaks that stop the decision (422). */
  violations: GuardFinding[];
  /** Breaks a manager overrode with a reason; listed in the override register. */
  overrides: GuardFinding[];
  needsApproval: ApprovalNeed[];
  requiresSecondManager: boolean;
  /**
   * How many managers other than the decider must approve: 0 (final at once), 1, or 2 in the
   * RAG-6 window when a worker decided (a deciding manager is the first of the two managers).
   */
  approvalsRequired: number;
}

export interface GuardConfig {
  reasons: ReasonCatalogue;
  policy: ApprovalPolicy;
}

interface GuardDefinition {
  rule: GuardRule;
  /**
   * SPEC DEC-3: every DEC-3 guard yields to a manager's override with a reason. CHK-4 does not: the
   * manager waives the check itself (CHK-4), so the waiver is on the check's record. DEC-6 does not
   * either: it only asks the rationale to answer the referrer, which a manager can always write.
   */
  overridable: boolean;
  check(input: DecisionGuardInput, config: GuardConfig): Omit<GuardFinding, 'rule'>[];
}

const codesOf = (input: DecisionGuardInput) => [...new Set(input.reasonCodes ?? [])];

export const DECISION_GUARDS: readonly GuardDefinition[] = [
  {
    rule: 'DEC-3.red-outcome',
    overridable: true,
    check: (i) =>
      i.grade === 'RED' && !CHILD_PROTECTION_OUTCOMES.includes(i.outcome)
        ? [{ field: 'outcome', message: `A RED child can only get strategy_discussion or immediate_protection, not ${i.outcome} (SPEC DEC-3)` }]
        : [],
  },
  {
    rule: 'DEC-3.nfa-needs-risk-analysis',
    overridable: true,
    check: (i) =>
      BELOW_THRESHOLD_OUTCOMES.includes(i.outcome) && isBlank(i.riskAnalysis)
        ? [{ field: 'riskAnalysis', message: `${i.outcome} needs a risk analysis (SPEC DEC-3)` }]
        : [],
  },
  {
    rule: 'DEC-3.nfa-needs-reasons',
    overridable: true,
    check: (i) =>
      BELOW_THRESHOLD_OUTCOMES.includes(i.outcome) && isBlank(i.reasonsThresholdNotMet)
        ? [{ field: 'reasonsThresholdNotMet', message: `${i.outcome} needs the reasons the threshold is not met (SPEC DEC-3)` }]
        : [],
  },
  {
    rule: 'DEC-3.nfa-needs-alternative-support',
    overridable: true,
    check: (i) =>
      BELOW_THRESHOLD_OUTCOMES.includes(i.outcome) && !(i.alternativeSupport ?? []).some((s) => !isBlank(s))
        ? [{ field: 'alternativeSupport', message: `${i.outcome} needs at least one alternative support suggestion (SPEC DEC-3)` }]
        : [],
  },
  {
    // Q F2: "not enough evidence" when nothing was investigated. Triggered by a coded evidence claim.
    rule: 'DEC-3.insufficient-evidence',
    overridable: true,
    check: (i, { reasons }) => {
      const claims = codesOf(i).filter((c) => reasons.byCode.get(c)?.evidenceClaim);
      if (claims.length === 0) return [];
      const why = `the reason ${claims.join(', ')} claims enquiries were made (SPEC DEC-3, Q F2)`;
      const out: Omit<GuardFinding, 'rule'>[] = [];
      if (!i.childSeenAlone) out.push({ field: 'childSeenAlone', message: `Say whether the child was seen alone: ${why}` });
      else if (i.childSeenAlone === 'no' && isBlank(i.childSeenAloneWhyNot)) out.push({ field: 'childSeenAloneWhyNot', message: `Say why the child was not seen alone: ${why}` });
      if (i.checksDone !== true) out.push({ field: 'checksDone', message: `Agency checks must have been done: ${why}` });
      if (i.strategyDiscussionConsidered !== true) out.push({ field: 'strategyDiscussionConsidered', message: `A strategy discussion must have been considered: ${why}` });
      return out;
    },
  },
  {
    // TRI 4.2.5, DUD 5.13-5.18: a lower outcome needs at least one reason that can stand alone.
    rule: 'DEC-3.sole-reason',
    overridable: true,
    check: (i, { reasons }) => {
      if (!LOWER_OUTCOMES.includes(i.outcome)) return [];
      const codes = codesOf(i);
      if (codes.some((c) => reasons.byCode.has(c) && !reasons.byCode.get(c)!.cannotStandAlone)) return [];
      const message =
        codes.length === 0
          ? `${i.outcome} needs at least one reason code that can stand on its own (SPEC DEC-3)`
          : `${codes.join(', ')} cannot be the only reason for ${i.outcome}: add the substantive reason (SPEC DEC-3)`;
      return [{ field: 'reasonCodes', message }];
    },
  },
  {
    rule: 'DEC-3.history-reviewed',
    overridable: true,
    check: (i) => (i.historyReviewed === true ? [] : [{ field: 'historyReviewed', message: 'Confirm the child\'s and household\'s history was reviewed (SPEC DEC-3, Q CHR-6)' }]),
  },
  {
    rule: 'DEC-6.referrer-disagreement',
    overridable: false,
    check: (i) =>
      i.referrerSaidChildProtection && !CHILD_PROTECTION_OUTCOMES.includes(i.outcome) && isBlank(i.referrerDisagreementAddressed)
        ? [{ field: 'referrerDisagreementAddressed', message: 'The referrer called this a child protection referral: say how this decision answers that view (SPEC DEC-6)' }]
        : [],
  },
  {
    rule: 'CHK-4.outstanding-check',
    overridable: false,
    check: (i) =>
      i.grade === 'RED' || i.grade === 'AMBER'
        ? i.outstandingRequiredChecks.map((c) => ({
            field: 'checks',
            message: `The required ${c.checkType} check (${c.scope}, ${c.requiredBy}) is outstanding: wait for it or ask a manager to waive it (SPEC CHK-4)`,
          }))
        : [],
  },
];

export const OVERRIDABLE_RULES: readonly GuardRule[] = DECISION_GUARDS.filter((g) => g.overridable).map((g) => g.rule);

export function isDowngrade(input: Pick<DecisionGuardInput, 'grade' | 'outcome' | 'thresholdLevel' | 'supersedesOutcome'>, policy: ApprovalPolicy): boolean {
  const floorOutcome = policy.downgrade.minimumOutcomeForGrade[input.grade];
  const floorLevel = policy.downgrade.minimumLevelForGrade[input.grade];
  if (floorOutcome && OUTCOME_RANK[input.outcome] < OUTCOME_RANK[floorOutcome]) return true;
  if (floorLevel && input.thresholdLevel < floorLevel) return true;
  return !!input.supersedesOutcome && OUTCOME_RANK[input.outcome] < OUTCOME_RANK[input.supersedesOutcome];
}

export function evaluateDecisionGuards(input: DecisionGuardInput, config: GuardConfig): GuardResult {
  const found = DECISION_GUARDS.flatMap((g) => g.check(input, config).map((f) => ({ ...f, rule: g.rule, overridable: g.overridable })));
  const overriding = input.actorIsManager && !isBlank(input.overrideReason);
  const strip = ({ rule, field, message }: GuardFinding) => ({ rule, field, message });
  const violations = found.filter((f) => !(overriding && f.overridable)).map(strip);
  const overrides = found.filter((f) => overriding && f.overridable).map(strip);

  const { policy } = config;
  const needsApproval: ApprovalNeed[] = [];
  const need = (reason: ApprovalReason, message: string, secondManager = false) => needsApproval.push({ reason, message, secondManager });
  if (policy.requireApproval.everyNfa && input.outcome === 'nfa') need('DEC-4.nfa', 'Every NFA is approved by a manager (SPEC DEC-4)');
  if (policy.requireApproval.everyDowngrade && isDowngrade(input, policy)) need('DEC-4.downgrade', `${input.outcome} at level ${input.thresholdLevel} is below what a ${input.grade} grade calls for (SPEC DEC-4)`);
  if (policy.requireApproval.everyOverride && overrides.length > 0) need('DEC-4.override', 'Every override is approved by another manager (SPEC DEC-4)');
  if (policy.requireApproval.stepDownWithCpIndicator && input.cpIndicatorEverRecorded && policy.stepDownOutcomes.includes(input.outcome)) {
    need('DEC-4.step-down-cp-indicator', 'A step-down for a child with a child-protection indicator ever recorded is approved by a manager (SPEC DEC-4)');
  }
  if (input.accumulationFlags.length > 0 && (input.grade === 'GREEN' || input.outcome === 'nfa')) {
    need('DEC-3.accumulation-flag', `The child has accumulation flags (${input.accumulationFlags.join(', ')}): GREEN or NFA needs a manager (SPEC DEC-3, TRI 4.2.5)`);
  }
  if (input.preClosureWindow && policy.preClosureWindow.outcomes.includes(input.outcome)) {
    need('RAG-6.pre-closure', `${input.outcome} in the days before a closure period needs a second manager's review (SPEC RAG-6)`, true);
  }
  const requiresSecondManager = needsApproval.some((n) => n.secondManager);
  const approvalsRequired = needsApproval.length === 0 ? 0 : requiresSecondManager && !input.actorIsManager ? 2 : 1;
  return { violations, overrides, needsApproval, requiresSecondManager, approvalsRequired };
}

/** Input checks that are plain bad input (400), before any guard: vocabulary and required text. */
export function validateDecisionInput(
  input: Pick<DecisionGuardInput, 'grade' | 'outcome' | 'thresholdLevel' | 'rationale' | 'reasonCodes' | 'childSeenAlone'>,
  reasons: ReasonCatalogue,
): { field: string; rule: string; message: string }[] {
  const out: { field: string; rule: string; message: string }[] = [];
  if (!RAG_GRADES.includes(input.grade)) out.push({ field: 'grade', rule: 'isIn', message: `grade must be one of: ${RAG_GRADES.join(', ')}` });
  if (!DECISION_OUTCOMES.includes(input.outcome)) out.push({ field: 'outcome', rule: 'isIn', message: `outcome must be one of: ${DECISION_OUTCOMES.join(', ')}` });
  if (!THRESHOLD_LEVELS.includes(input.thresholdLevel)) out.push({ field: 'thresholdLevel', rule: 'isIn', message: 'thresholdLevel must be 1, 2, 3 or 4' });
  if (isBlank(input.rationale)) out.push({ field: 'rationale', rule: 'isNotEmpty', message: 'rationale is required' });
  (input.reasonCodes ?? []).forEach((code, n) => {
    if (!reasons.byCode.has(code)) out.push({ field: `reasonCodes[${n}]`, rule: 'isIn', message: `"${code}" is not a reason code of config/decision-reasons.yaml version ${reasons.version}` });
  });
  if (input.childSeenAlone != null && !CHILD_SEEN_ALONE.includes(input.childSeenAlone)) out.push({ field: 'childSeenAlone', rule: 'isIn', message: 'childSeenAlone must be yes or no' });
  return out;
}
