/**
 * Threshold-decision audit sampling (SPEC MGT-1). Pure: the caller hands over the period's decisions
 * in a fixed order (decided_at, id) and a seed; the same input always gives the same sample.
 */

import { mulberry32 } from '../../../common/mulberry32';

export const SAMPLE_REASONS = ['random', 'nfa_accumulation_flag', 'override', 'step_down_cp_indicator'] as const;
export type SampleReason = (typeof SAMPLE_REASONS)[number];

export interface SamplingConfig {
  version: string;
  randomShare: number;
  always: { nfaWithAccumulationFlag: boolean; override: boolean; stepDownWithCpIndicator: boolean };
}

export interface SampleCandidate {
  decisionId: string;
  outcome: string;
  flagsAtDecision: string[];
  overriddenRules: string[];
  /** A step-down of a child with a child-protection indicator ever recorded (DEC-4 approval reason, or a step-down record). */
  stepDownWithCpIndicator: boolean;
}

export interface SampledDecision {
  decisionId: string;
  reasons: SampleReason[];
}

/** mulberry32 (src/common) seeded from text: small, fast and well enough distributed for drawing audit samples; deterministic per seed. */
export function seededRandom(seed: string): () => number {
  // FNV-1a over the seed text gives the 32-bit state, so any string is a seed.
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    state ^= seed.charCodeAt(i);
    state = Math.imul(state, 0x01000193) >>> 0;
  }
  return mulberry32(state);
}

/** The reasons a rule always selects a decision (MGT-1), in a fixed order. */
export function mandatoryReasons(c: SampleCandidate, config: SamplingConfig): SampleReason[] {
  const reasons: SampleReason[] = [];
  if (config.always.nfaWithAccumulationFlag && c.outcome === 'nfa' && c.flagsAtDecision.length > 0) reasons.push('nfa_accumulation_flag');
  if (config.always.override && c.overriddenRules.length > 0) reasons.push('override');
  if (config.always.stepDownWithCpIndicator && c.stepDownWithCpIndicator) reasons.push('step_down_cp_indicator');
  return reasons;
}

/** How many decisions the random share draws: the share of all decisions in the period, rounded up. */
export function randomCount(total: number, share: number): number {
  if (total <= 0 || share <= 0) return 0;
  return Math.min(total, Math.ceil(total * share - 1e-9));
}

/**
 * Draws the sample: every decision a rule selects, plus `randomCount` decisions drawn at random from
 * the rest (a seeded Fisher-Yates shuffle). A decision selected by both keeps every reason once.
 * The result is in the candidates' order.
 */
export function drawSample(candidates: readonly SampleCandidate[], config: SamplingConfig, seed: string): SampledDecision[] {
  const reasons = new Map<string, SampleReason[]>();
  const rest: string[] = [];
  for (const c of candidates) {
    const r = mandatoryReasons(c, config);
    if (r.length) reasons.set(c.decisionId, r);
    else rest.push(c.decisionId);
  }
  const random = seededRandom(seed);
  const pool = [...rest];
  const n = Math.min(pool.length, randomCount(candidates.length, config.randomShare));
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
    reasons.set(pool[i], ['random']);
  }
  return candidates.filter((c) => reasons.has(c.decisionId)).map((c) => ({ decisionId: c.decisionId, reasons: reasons.get(c.decisionId)! }));
}

/** Validates config/audit-sampling.yaml; returns the problems (empty when valid). */
export function validateSamplingConfig(raw: unknown): { config?: SamplingConfig; problems: string[] } {
  const problems: string[] = [];
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o.version !== 'string' || !o.version) problems.push('version: a non-empty text is required');
  if (typeof o.randomShare !== 'number' || o.randomShare < 0 || o.randomShare > 1) problems.push('randomShare: a number from 0 to 1 is required');
  const always = (o.always ?? {}) as Record<string, unknown>;
  for (const key of ['nfaWithAccumulationFlag', 'override', 'stepDownWithCpIndicator']) {
    if (typeof always[key] !== 'boolean') problems.push(`always.${key}: true or false is required`);
  }
  for (const key of Object.keys(always)) if (!['nfaWithAccumulationFlag', 'override', 'stepDownWithCpIndicator'].includes(key)) problems.push(`always.${key}: unknown key`);
  if (problems.length) return { problems };
  return { config: { version: o.version as string, randomShare: o.randomShare as number, always: always as SamplingConfig['always'] }, problems };
}
