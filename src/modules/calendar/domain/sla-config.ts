import { ClockDuration, parseClockDuration } from './clock-duration';
import { ConfigProblems } from './config-check';

/**
 * Every SLA clock of SPEC RAG-5, defined here once; features start and stop them through
 * SlaClockService. Durations are configuration (config/sla.yaml), the kinds are code because code
 * starts and meets them.
 */
export const CLOCK_KINDS = [
  /** Threshold decision due, by grade (RED 4 hours around the clock, AMBER 1, GREEN 3 working days). Triage starts it at receipt. */
  'decision_due',
  /** Outcome feedback to the referrer, from the decision (FB-1). */
  'feedback_due',
  /** Strategy discussion held, from the request (STR-1; RED). */
  'strategy_discussion_held',
  /** A police request for a strategy discussion answered (convened or declined), from the request. */
  'police_strategy_request_answered',
  /** Strategy discussion minutes distributed, from the meeting (STR-4). */
  'minutes_distributed',
  /** Initial child protection conference, from the strategy discussion that started s47 (STR-3). */
  'icpc_due',
  /** Step-down accepted by the lead professional, from the proposal (STEP-2); breach alerts the manager. */
  'step_down_acceptance',
  /** Step-down hard limit (STEP-2): past it the child reopens in the triage queue. */
  'step_down_hard_limit',
  /** Challenge answered at the current stage (ESC-1), from the challenge or escalation. */
  'challenge_response',
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export interface ClockKindConfig {
  description: string;
  /** What event starts it (documentation for people reading the file). */
  startsAt: string;
  /** undefined when the duration comes from elsewhere (decision_due: the grade in the threshold framework). */
  duration?: ClockDuration;
  /** "byGrade": the starter passes the duration (the grade's decision deadline). */
  durationFrom: 'config' | 'byGrade';
}

export interface SlaConfig {
  version: string;
  sweepEverySeconds: number;
  closurePeriodsAreWorkingDays: boolean;
  clocks: Record<ClockKind, ClockKindConfig>;
}

/** Validates config/sla.yaml; throws ConfigError naming every problem. */
export function parseSlaConfig(raw: unknown, source = 'SLA configuration'): SlaConfig {
  const p = new ConfigProblems();
  if (!p.isObject(raw, '')) p.throwIfAny(source);
  const doc = raw as Record<string, unknown>;
  p.onlyKeys(doc, ['version', 'sweepEverySeconds', 'closurePeriodsAreWorkingDays', 'clocks'], '');
  p.isString(doc.version, 'version');
  p.isInteger(doc.sweepEverySeconds, 'sweepEverySeconds', { min: 5, max: 3600 });
  p.isBoolean(doc.closurePeriodsAreWorkingDays, 'closurePeriodsAreWorkingDays');
  const clocks: Partial<Record<ClockKind, ClockKindConfig>> = {};
  if (p.isObject(doc.clocks, 'clocks')) {
    p.onlyKeys(doc.clocks, CLOCK_KINDS, 'clocks');
    for (const kind of CLOCK_KINDS) {
      const path = `clocks.${kind}`;
      const entry = doc.clocks[kind];
      if (entry === undefined) {
        p.add(path, 'is missing (every clock kind of SPEC RAG-5 must be configured)');
        continue;
      }
      if (!p.isObject(entry, path)) continue;
      p.onlyKeys(entry, ['description', 'startsAt', 'due', 'aroundTheClock'], path);
      p.isString(entry.description, `${path}.description`);
      p.isString(entry.startsAt, `${path}.startsAt`);
      if (entry.due === 'byGrade') {
        if (kind !== 'decision_due') p.add(`${path}.due`, 'only decision_due takes its duration from the grade');
        if (entry.aroundTheClock !== undefined) p.add(`${path}.aroundTheClock`, 'is set per grade in the threshold framework');
        clocks[kind] = { description: String(entry.description), startsAt: String(entry.startsAt), durationFrom: 'byGrade' };
      } else {
        if (kind === 'decision_due') p.add(`${path}.due`, 'must be "byGrade": the decision deadline belongs to each grade (config/thresholds)');
        const duration = parseClockDuration(entry.due, entry.aroundTheClock, path, p);
        clocks[kind] = { description: String(entry.description), startsAt: String(entry.startsAt), duration, durationFrom: 'config' };
      }
    }
  }
  p.throwIfAny(source);
  return {
    version: doc.version as string,
    sweepEverySeconds: doc.sweepEverySeconds as number,
    closurePeriodsAreWorkingDays: doc.closurePeriodsAreWorkingDays as boolean,
    clocks: clocks as Record<ClockKind, ClockKindConfig>,
  };
}
