/**
 * When a child may not be stepped down to early help (SPEC STEP-3; Q 8.8, TRI 7.4). Pure rules over
 * facts the service reads from the database; each rule has an id that the 422 names.
 */

export const STEP_DOWN_RULES = {
  pregnancy: 'STEP-3.pregnancy',
  cpEndedRecently: 'STEP-3.cp-ended-recently',
  unresolvedAllegation: 'STEP-3.unresolved-allegation',
  sexualAbuse: 'STEP-3.sexual-abuse',
} as const;
export type StepDownRule = (typeof STEP_DOWN_RULES)[keyof typeof STEP_DOWN_RULES];

/** The rules a senior manager may override with a reason; a sexual abuse concern never is (STEP-3). */
export const OVERRIDABLE_RULES: readonly StepDownRule[] = [STEP_DOWN_RULES.pregnancy, STEP_DOWN_RULES.cpEndedRecently, STEP_DOWN_RULES.unresolvedAllegation];

export interface StepDownFacts {
  /** A pregnancy is known in the child's household (a pregnancy concern, or an unborn child due in the future). */
  pregnancyKnown: boolean;
  /** A final pre-birth assessment decision (cin_assessment or strategy_discussion) exists for that unborn child. */
  preBirthAssessmentDecided: boolean;
  /** Transitions out of child_protection or looked_after, with their dates. */
  plansEndedAt: Date[];
  /** Allegation concerns about the child with no final decision, with their dates (incident date or receipt). */
  unresolvedAllegationsAt: Date[];
  /** A sexual_abuse concern on the contact being stepped down. */
  sexualAbuseConcern: boolean;
}

export interface BlockFinding {
  rule: StepDownRule;
  field: string;
  message: string;
}

export const CP_ENDED_WINDOW_MONTHS = 12;
export const ALLEGATION_WINDOW_DAYS = 90;

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Every block that applies, in a stable order. */
export function stepDownBlocks(facts: StepDownFacts, now: Date): BlockFinding[] {
  const out: BlockFinding[] = [];
  if (facts.pregnancyKnown && !facts.preBirthAssessmentDecided) {
    out.push({ rule: STEP_DOWN_RULES.pregnancy, field: 'subjectId', message: 'A pregnancy is known in the household and there is no pre-birth assessment decision (SPEC STEP-3, Q 8.8)' });
  }
  const cpSince = monthsBefore(now, CP_ENDED_WINDOW_MONTHS);
  if (facts.plansEndedAt.some((d) => d >= cpSince && d <= now)) {
    out.push({ rule: STEP_DOWN_RULES.cpEndedRecently, field: 'subjectId', message: 'A child protection plan or looked-after episode ended within 12 months (SPEC STEP-3)' });
  }
  const allegationSince = new Date(now.getTime() - ALLEGATION_WINDOW_DAYS * 86_400_000);
  if (facts.unresolvedAllegationsAt.some((d) => d >= allegationSince)) {
    out.push({ rule: STEP_DOWN_RULES.unresolvedAllegation, field: 'subjectId', message: 'An allegation in the last 90 days has no decision yet (SPEC STEP-3)' });
  }
  if (facts.sexualAbuseConcern) {
    out.push({ rule: STEP_DOWN_RULES.sexualAbuse, field: 'subjectId', message: 'A sexual abuse concern is never stepped down to early help, not even by a senior manager (SPEC STEP-3)' });
  }
  return out;
}

export interface OverrideRequest {
  reason: string | null | undefined;
  /** The actor holds the configured senior-manager role. */
  seniorManager: boolean;
}

export interface BlockVerdict {
  /** What still blocks (422). */
  blocking: BlockFinding[];
  /** What a senior manager overrode with a reason (recorded on the step-down). */
  overridden: StepDownRule[];
}

/** A senior manager's reason lifts the overridable blocks; nothing lifts the sexual abuse block. */
export function applyOverride(findings: BlockFinding[], override: OverrideRequest): BlockVerdict {
  const canOverride = override.seniorManager && !!override.reason?.trim();
  if (!canOverride) return { blocking: findings, overridden: [] };
  return {
    blocking: findings.filter((f) => !OVERRIDABLE_RULES.includes(f.rule)),
    overridden: findings.filter((f) => OVERRIDABLE_RULES.includes(f.rule)).map((f) => f.rule),
  };
}

/** Outcomes of a decision that count as a pre-birth assessment for an unborn child. */
export const PRE_BIRTH_ASSESSMENT_OUTCOMES = ['cin_assessment', 'strategy_discussion'] as const;
/** Concern categories that make a pregnancy known. */
export const PREGNANCY_CATEGORIES = ['pregnancy', 'concealed_pregnancy'] as const;
/** Concern categories that are allegations of harm against someone (STEP-3 "allegation"). */
export const ALLEGATION_CATEGORIES = ['physical_abuse', 'sexual_abuse', 'emotional_abuse', 'injury', 'threat_to_harm_or_kill'] as const;
