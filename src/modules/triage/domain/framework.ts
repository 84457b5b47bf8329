import { ClockDuration, parseClockDuration } from '../../calendar/domain/clock-duration';
import { ConfigProblems } from '../../calendar/domain/config-check';
import { Condition, parseCondition } from './conditions';
import { Grade, GRADES } from './grades';

/**
 * Threshold decision outcomes (SPEC DEC-2). Decisions owns the list
 * (domain/decision-vocabulary.ts); a framework file names outcomes, and a unit test keeps the two equal.
 */
export const OUTCOMES = ['nfa', 'advice_signpost', 'early_help', 'cin_assessment', 'strategy_discussion', 'immediate_protection', 'existing_case'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface GradeCriterion {
  /** e.g. RED.significant-harm; what a worker chooses when confirming a grade (RAG-3). */
  id: string;
  text: string;
}

/** One grade's single meaning (SPEC RAG-1): what it is, what it demands, and by when. */
export interface GradeDefinition {
  definition: string;
  requiredResponse: string;
  allowedOutcomes: Outcome[];
  decisionDeadline: ClockDuration;
  criteria: GradeCriterion[];
}

export interface GradingRule {
  id: string;
  description: string;
  minimumGrade: Grade;
  /** Where the rule comes from (review paragraph), shown to the worker. */
  source?: string;
  when: Condition;
}

export interface ThresholdFramework {
  version: string;
  status: 'active' | 'retired';
  effectiveFrom: string;
  grades: Record<Grade, GradeDefinition>;
  rules: GradingRule[];
}

const RULE_ID = /^RAG-2\.(red|amber|green)\.[a-z0-9-]+$/;
const CRITERION_ID = /^(RED|AMBER|GREEN)\.[a-z0-9-]+$/;

/** Validates one framework file; throws ConfigError naming the file and every problem. */
export function parseThresholdFramework(raw: unknown, source = 'threshold framework'): ThresholdFramework {
  const p = new ConfigProblems();
  if (!p.isObject(raw, '')) p.throwIfAny(source);
  const doc = raw as Record<string, unknown>;
  // x-... keys hold YAML anchors shared by several rules (like OpenAPI extensions); nothing reads them.
  const known = Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('x-')));
  p.onlyKeys(known, ['version', 'status', 'effectiveFrom', 'grades', 'rules'], '');
  p.isString(doc.version, 'version', { pattern: /^[A-Za-z0-9._-]+$/ });
  p.isOneOf(doc.status, ['active', 'retired'] as const, 'status');
  p.isIsoDate(doc.effectiveFrom, 'effectiveFrom');

  const grades: Partial<Record<Grade, GradeDefinition>> = {};
  if (p.isObject(doc.grades, 'grades')) {
    p.onlyKeys(doc.grades, GRADES, 'grades');
    for (const grade of GRADES) {
      const path = `grades.${grade}`;
      const g = doc.grades[grade];
      if (g === undefined) {
        p.add(path, 'is missing: every grade needs its own definition');
        continue;
      }
      if (!p.isObject(g, path)) continue;
      p.onlyKeys(g, ['definition', 'requiredResponse', 'allowedOutcomes', 'decisionDeadline', 'aroundTheClock', 'criteria'], path);
      p.isString(g.definition, `${path}.definition`);
      p.isString(g.requiredResponse, `${path}.requiredResponse`);
      if (p.isArray(g.allowedOutcomes, `${path}.allowedOutcomes`, { minLength: 1 })) {
        g.allowedOutcomes.forEach((o, i) => p.isOneOf(o, OUTCOMES, `${path}.allowedOutcomes[${i}]`));
      }
      const decisionDeadline = parseClockDuration(g.decisionDeadline, g.aroundTheClock, path, p, 'decisionDeadline');
      const criteria: GradeCriterion[] = [];
      if (p.isArray(g.criteria, `${path}.criteria`, { minLength: 1 })) {
        g.criteria.forEach((c, i) => {
          const at = `${path}.criteria[${i}]`;
          if (!p.isObject(c, at)) return;
          p.onlyKeys(c, ['id', 'text'], at);
          if (p.isString(c.id, `${at}.id`, { pattern: CRITERION_ID }) && !String(c.id).startsWith(`${grade}.`)) p.add(`${at}.id`, `must start with "${grade}."`);
          p.isString(c.text, `${at}.text`);
          criteria.push({ id: String(c.id), text: String(c.text) });
        });
      }
      grades[grade] = {
        definition: String(g.definition),
        requiredResponse: String(g.requiredResponse),
        allowedOutcomes: (g.allowedOutcomes ?? []) as Outcome[],
        decisionDeadline: decisionDeadline!,
        criteria,
      };
    }
  }

  const rules: GradingRule[] = [];
  if (p.isArray(doc.rules, 'rules', { minLength: 1 })) {
    const seen = new Set<string>();
    doc.rules.forEach((r, i) => {
      const path = `rules[${i}]`;
      if (!p.isObject(r, path)) return;
      p.onlyKeys(r, ['id', 'description', 'minimumGrade', 'source', 'when'], path);
      if (p.isString(r.id, `${path}.id`, { pattern: RULE_ID })) {
        if (seen.has(r.id as string)) p.add(`${path}.id`, `"${r.id}" is used twice`);
        seen.add(r.id as string);
      }
      p.isString(r.description, `${path}.description`);
      if (p.isOneOf(r.minimumGrade, GRADES, `${path}.minimumGrade`) && typeof r.id === 'string' && RULE_ID.test(r.id)) {
        const named = r.id.split('.')[1].toUpperCase();
        if (named !== r.minimumGrade) p.add(`${path}.id`, `names ${named} but the rule's minimumGrade is ${r.minimumGrade}`);
      }
      if (r.source !== undefined) p.isString(r.source, `${path}.source`);
      const when = parseCondition(r.when, `${path}.when`, p);
      rules.push({ id: String(r.id), description: String(r.description), minimumGrade: r.minimumGrade as Grade, ...(r.source ? { source: String(r.source) } : {}), when: when! });
    });
  }
  p.throwIfAny(source);
  return { version: doc.version as string, status: doc.status as 'active' | 'retired', effectiveFrom: doc.effectiveFrom as string, grades: grades as Record<Grade, GradeDefinition>, rules };
}

/** Picks the active framework among the files of config/thresholds; exactly one must be active. */
export function selectActive(frameworks: ThresholdFramework[]): ThresholdFramework {
  const versions = new Set<string>();
  for (const f of frameworks) {
    if (versions.has(f.version)) throw new Error(`threshold framework version ${f.version} appears in two files`);
    versions.add(f.version);
  }
  const active = frameworks.filter((f) => f.status === 'active');
  if (active.length !== 1) throw new Error(`exactly one threshold framework must have status: active (found ${active.length})`);
  return active[0];
}
