import { DECISION_OUTCOMES, DecisionOutcome, RAG_GRADES, RagGrade, THRESHOLD_LEVELS, ThresholdLevel } from './decision-vocabulary';

/**
 * Which decisions wait for a manager (SPEC DEC-4, cfg in config/decision-approval.yaml) and which
 * need a second manager in the days before a closure period (RAG-6). Pure: validates what the
 * caller parsed from the file.
 */
export interface ApprovalPolicy {
  version: string;
  requireApproval: {
    everyNfa: boolean;
    everyDowngrade: boolean;
    everyOverride: boolean;
    stepDownWithCpIndicator: boolean;
  };
  /** Outcomes that are a step down (SPEC §8). */
  stepDownOutcomes: DecisionOutcome[];
  /** A decision below what the child's grade calls for is a downgrade. */
  downgrade: {
    minimumOutcomeForGrade: Partial<Record<RagGrade, DecisionOutcome>>;
    minimumLevelForGrade: Partial<Record<RagGrade, ThresholdLevel>>;
  };
  /** RAG-6: decisions to close, NFA or step down in the pre-closure window need a second manager. */
  preClosureWindow: { outcomes: DecisionOutcome[] };
}

const TOP_KEYS = ['version', 'requireApproval', 'stepDownOutcomes', 'downgrade', 'preClosureWindow'];
const REQUIRE_KEYS = ['everyNfa', 'everyDowngrade', 'everyOverride', 'stepDownWithCpIndicator'] as const;

export function validateApprovalPolicy(raw: unknown): { policy?: ApprovalPolicy; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(raw)) return { problems: ['the file must be a mapping'] };
  unknownKeys(raw, TOP_KEYS, '', problems);
  if (typeof raw.version !== 'string' && typeof raw.version !== 'number') problems.push('version: required');

  const require = raw.requireApproval;
  const requireApproval = { everyNfa: true, everyDowngrade: true, everyOverride: true, stepDownWithCpIndicator: true };
  if (!isRecord(require)) problems.push('requireApproval: must be a mapping of the four DEC-4 switches');
  else {
    unknownKeys(require, [...REQUIRE_KEYS], 'requireApproval.', problems);
    for (const key of REQUIRE_KEYS) {
      if (typeof require[key] !== 'boolean') problems.push(`requireApproval.${key}: must be true or false`);
      else requireApproval[key] = require[key] as boolean;
    }
  }

  const stepDownOutcomes = outcomeList(raw.stepDownOutcomes, 'stepDownOutcomes', problems);

  const downgrade = raw.downgrade;
  const minimumOutcomeForGrade: Partial<Record<RagGrade, DecisionOutcome>> = {};
  const minimumLevelForGrade: Partial<Record<RagGrade, ThresholdLevel>> = {};
  if (!isRecord(downgrade)) problems.push('downgrade: must be a mapping with minimumOutcomeForGrade and minimumLevelForGrade');
  else {
    unknownKeys(downgrade, ['minimumOutcomeForGrade', 'minimumLevelForGrade'], 'downgrade.', problems);
    const outcomes = downgrade.minimumOutcomeForGrade ?? {};
    const levels = downgrade.minimumLevelForGrade ?? {};
    if (!isRecord(outcomes)) problems.push('downgrade.minimumOutcomeForGrade: must be a mapping of grade to outcome');
    else
      for (const [grade, outcome] of Object.entries(outcomes)) {
        if (!RAG_GRADES.includes(grade as RagGrade)) problems.push(`downgrade.minimumOutcomeForGrade.${grade}: not a grade (${RAG_GRADES.join(', ')})`);
        else if (!DECISION_OUTCOMES.includes(outcome as DecisionOutcome)) problems.push(`downgrade.minimumOutcomeForGrade.${grade}: not an outcome (${DECISION_OUTCOMES.join(', ')})`);
        else minimumOutcomeForGrade[grade as RagGrade] = outcome as DecisionOutcome;
      }
    if (!isRecord(levels)) problems.push('downgrade.minimumLevelForGrade: must be a mapping of grade to level');
    else
      for (const [grade, level] of Object.entries(levels)) {
        if (!RAG_GRADES.includes(grade as RagGrade)) problems.push(`downgrade.minimumLevelForGrade.${grade}: not a grade (${RAG_GRADES.join(', ')})`);
        else if (!THRESHOLD_LEVELS.includes(level as ThresholdLevel)) problems.push(`downgrade.minimumLevelForGrade.${grade}: must be 1, 2, 3 or 4`);
        else minimumLevelForGrade[grade as RagGrade] = level as ThresholdLevel;
      }
  }

  const window = raw.preClosureWindow;
  let windowOutcomes: DecisionOutcome[] = [];
  if (!isRecord(window)) problems.push('preClosureWindow: must be a mapping with outcomes');
  else {
    unknownKeys(window, ['outcomes'], 'preClosureWindow.', problems);
    windowOutcomes = outcomeList(window.outcomes, 'preClosureWindow.outcomes', problems);
  }

  if (problems.length) return { problems };
  return {
    policy: {
      version: String(raw.version),
      requireApproval,
      stepDownOutcomes,
      downgrade: { minimumOutcomeForGrade, minimumLevelForGrade },
      preClosureWindow: { outcomes: windowOutcomes },
    },
    problems,
  };
}

function outcomeList(value: unknown, at: string, problems: string[]): DecisionOutcome[] {
  if (!Array.isArray(value)) {
    problems.push(`${at}: must be a list of outcomes`);
    return [];
  }
  const out: DecisionOutcome[] = [];
  value.forEach((v, i) => {
    if (!DECISION_OUTCOMES.includes(v as DecisionOutcome)) problems.push(`${at}[${i}]: "${String(v)}" is not an outcome (${DECISION_OUTCOMES.join(', ')})`);
    else out.push(v as DecisionOutcome);
  });
  return out;
}

function unknownKeys(obj: Record<string, unknown>, allowed: string[], prefix: string, problems: string[]): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) problems.push(`${prefix}${key}: unknown key`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
