/** Challenge and escalation (SPEC ESC-1, ESC-2): configured stages and the rules of a challenge. Pure. */
import type { RuleBreak } from '../../../common/rule-break';

export const CHALLENGE_TARGET_TYPES = ['decision', 'grade', 'strategy_decline', 'step_down'] as const;
export type ChallengeTargetType = (typeof CHALLENGE_TARGET_TYPES)[number];

export const CHALLENGE_OUTCOMES = ['upheld', 'changed', 'not_upheld'] as const;
export type ChallengeOutcome = (typeof CHALLENGE_OUTCOMES)[number];

export const MEETING_CRITERIA = ['drift', 'disagreement', 'parental_secrecy'] as const;
export type MeetingCriterion = (typeof MEETING_CRITERIA)[number];

export interface EscalationStage {
  key: string;
  label: string;
}

export interface EscalationConfig {
  version: string;
  procedureUrl: string;
  stages: EscalationStage[];
  sweepEverySeconds: number;
  professionalsMeeting: { criteria: MeetingCriterion[]; answerWithin: { workingDays: number } };
}

export function validateEscalationConfig(raw: unknown): { config?: EscalationConfig; problems: string[] } {
  const problems: string[] = [];
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o.version !== 'string' || !o.version) problems.push('version: a non-empty text is required');
  if (typeof o.procedureUrl !== 'string' || !/^https?:\/\//.test(o.procedureUrl)) problems.push('procedureUrl: an http(s) address is required');
  const stages = Array.isArray(o.stages) ? (o.stages as Record<string, unknown>[]) : [];
  if (!stages.length) problems.push('stages: at least one stage is required');
  const keys = new Set<string>();
  stages.forEach((s, i) => {
    if (typeof s.key !== 'string' || !/^[a-z][a-z0-9_]*$/.test(s.key)) problems.push(`stages[${i}].key: a lower-case identifier is required`);
    else if (keys.has(s.key)) problems.push(`stages[${i}].key: ${s.key} is used twice`);
    else keys.add(s.key);
    if (typeof s.label !== 'string' || !s.label) problems.push(`stages[${i}].label: a label is required`);
  });
  if (typeof o.sweepEverySeconds !== 'number' || o.sweepEverySeconds < 1) problems.push('sweepEverySeconds: a whole number of seconds >= 1 is required');
  const pm = (o.professionalsMeeting ?? {}) as Record<string, unknown>;
  const criteria = Array.isArray(pm.criteria) ? pm.criteria : [];
  if (!criteria.length || criteria.some((c) => !MEETING_CRITERIA.includes(c as MeetingCriterion))) problems.push(`professionalsMeeting.criteria: some of ${MEETING_CRITERIA.join(', ')}`);
  const within = (pm.answerWithin ?? {}) as Record<string, unknown>;
  if (typeof within.workingDays !== 'number' || within.workingDays < 1) problems.push('professionalsMeeting.answerWithin.workingDays: a number >= 1 is required');
  if (problems.length) return { problems };
  return { config: o as unknown as EscalationConfig, problems };
}

/** The stage after `index`, or null at the last stage (its missed clock stays a breach). */
export function nextStage(config: EscalationConfig, index: number): { index: number; stage: EscalationStage } | null {
  const next = index + 1;
  return next < config.stages.length ? { index: next, stage: config.stages[next] } : null;
}

export interface ResponseInput {
  outcome: ChallengeOutcome;
  targetType: ChallengeTargetType;
  hasNewDecision: boolean;
  status: 'open' | 'resolved';
  responderDecidedTarget: boolean;
}

/** Rules of a response (ESC-1): only an open challenge; not by the one who made the decision; `changed` on a decision brings the new decision. */
export function responseProblems(input: ResponseInput): { conflict?: string; problems: RuleBreak[] } {
  if (input.status !== 'open') return { conflict: 'This challenge has already been answered', problems: [] };
  const problems: RuleBreak[] = [];
  if (input.responderDecidedTarget) {
    problems.push({ field: 'outcome', rule: 'ESC-1.independent-responder', message: 'The person who made the challenged decision cannot answer the challenge about it' });
  }
  if (input.outcome === 'changed' && input.targetType === 'decision' && !input.hasNewDecision) {
    problems.push({ field: 'newDecision', rule: 'ESC-1.changed-needs-decision', message: 'A changed decision needs the new decision, which supersedes the old one' });
  }
  if (input.outcome !== 'changed' && input.hasNewDecision) {
    problems.push({ field: 'newDecision', rule: 'ESC-1.decision-only-when-changed', message: 'Give a new decision only when the outcome is changed' });
  }
  if (input.hasNewDecision && input.targetType !== 'decision') {
    problems.push({ field: 'newDecision', rule: 'ESC-1.decision-only-for-decisions', message: 'A new decision only answers a challenge of a decision' });
  }
  return { problems };
}
