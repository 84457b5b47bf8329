/**
 * The shape of the two runtime files a local authority tunes without code (SPEC PPL-1, PPL-4, PPL-5):
 * config/people-matching.yaml (matching weights and thresholds) and config/people-history.yaml
 * (accumulation-flag thresholds, the self-harm fact window, chronology key events). Validated at boot:
 * `validate*` return every problem with its path, so a bad file stops the process with a clear message.
 */

export interface MatchingConfig {
  version: string;
  thresholds: {
    /** At or above: link automatically (if the guards in match-scoring.ts also hold). */
    autoLink: number;
    /** At or above (and below autoLink): offered to the worker as a candidate. Below: a new person. */
    candidate: number;
  };
  autoLink: { minFirstNameSimilarity: number; minLastNameSimilarity: number };
  candidates: { minNameComponentSimilarity: number; max: number };
  /** Similarity given to two spellings that sound the same (same Metaphone key: Smith/Smyth). */
  phoneticSimilarity: number;
  weights: {
    firstName: number;
    lastName: number;
    dateOfBirth: { exact: number; transposed: number; yearOffByOne: number; unknown: number; mismatch: number };
    postcode: { exact: number; district: number; unknown: number; mismatch: number };
    sexMismatch: number;
  };
}

export interface CountWindow {
  count: number;
  withinMonths: number;
}

export interface HistoryConfig {
  version: string;
  flags: {
    repeatContacts: CountWindow;
    recontactAfterClosure: { withinMonths: number; outcomes: string[]; closureLevels: string[] };
    repeatAllegation: CountWindow & { categories: string[] };
    daNotifications: CountWindow & { categories: string[] };
    missingEpisodes: { count: number; withinDays: number; categories: string[] };
    wasNotBrought: CountWindow & { categories: string[] };
    frequentMover: CountWindow;
    newAdult: { count: number; lookbackMonths: number; categories: string[] };
    pregnancyOrBirth: { earlierContacts: number; lookbackMonths: number; birthWithinMonths: number; categories: string[] };
    siblingCpPlan: { count: number };
    /** Repeated incidents of the chronic harms about the household over years (TRI 4.2.4, 4.2.5). */
    cumulativeHarm: CountWindow & { categories: string[] };
  };
  facts: {
    selfHarm: { withinDays: number; categories: string[] };
    /** Distinct agencies reporting neglect about the child (TRI 3.2.2). */
    neglectAgencies: { withinMonths: number; categories: string[] };
  };
  chronology: { keyConcernCategories: string[]; keyDecisionOutcomes: string[]; keyLevels: string[] };
}

export interface Vocabulary {
  concernCategories: readonly string[];
  decisionOutcomes: readonly string[];
  childLevels: readonly string[];
}

export class PeopleConfigError extends Error {}

type Problems = string[];

function obj(raw: unknown, path: string, problems: Problems): Record<string, unknown> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  problems.push(`${path}: must be a mapping`);
  return {};
}

function num(o: Record<string, unknown>, key: string, path: string, problems: Problems, min: number, max: number, integer = false): number {
  const v = o[key];
  if (typeof v !== 'number' || Number.isNaN(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    problems.push(`${path}.${key}: must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    return 0;
  }
  return v;
}

function str(o: Record<string, unknown>, key: string, path: string, problems: Problems): string {
  const v = o[key];
  if (typeof v !== 'string' || !v.trim()) {
    problems.push(`${path}.${key}: must be a non-empty string`);
    return '';
  }
  return v;
}

function list(o: Record<string, unknown>, key: string, path: string, problems: Problems, allowed: readonly string[], nonEmpty = true): string[] {
  const v = o[key];
  if (!Array.isArray(v) || (nonEmpty && v.length === 0)) {
    problems.push(`${path}.${key}: must be a${nonEmpty ? ' non-empty' : ''} list`);
    return [];
  }
  const bad = v.filter((x) => typeof x !== 'string' || !allowed.includes(x));
  if (bad.length) problems.push(`${path}.${key}: unknown value(s) ${bad.map(String).join(', ')} (allowed: ${allowed.join(', ')})`);
  return v as string[];
}

function noExtra(o: Record<string, unknown>, keys: string[], path: string, problems: Problems): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) problems.push(`${path}.${k}: is not a known setting`);
}

function fail(file: string, problems: Problems): never {
  throw new PeopleConfigError(`Invalid ${file}:\n  - ${problems.join('\n  - ')}`);
}

export function validateMatchingConfig(raw: unknown, file = 'people-matching.yaml'): MatchingConfig {
  const p: Problems = [];
  const root = obj(raw, 'matching', p);
  noExtra(root, ['version', 'thresholds', 'autoLink', 'candidates', 'phoneticSimilarity', 'weights'], 'matching', p);
  const t = obj(root.thresholds, 'thresholds', p);
  const a = obj(root.autoLink, 'autoLink', p);
  const c = obj(root.candidates, 'candidates', p);
  const w = obj(root.weights, 'weights', p);
  const dob = obj(w.dateOfBirth, 'weights.dateOfBirth', p);
  const pc = obj(w.postcode, 'weights.postcode', p);
  const cfg: MatchingConfig = {
    version: str(root, 'version', 'matching', p),
    thresholds: { autoLink: num(t, 'autoLink', 'thresholds', p, 0, 1), candidate: num(t, 'candidate', 'thresholds', p, 0, 1) },
    autoLink: {
      minFirstNameSimilarity: num(a, 'minFirstNameSimilarity', 'autoLink', p, 0, 1),
      minLastNameSimilarity: num(a, 'minLastNameSimilarity', 'autoLink', p, 0, 1),
    },
    candidates: { minNameComponentSimilarity: num(c, 'minNameComponentSimilarity', 'candidates', p, 0, 1), max: num(c, 'max', 'candidates', p, 1, 50, true) },
    phoneticSimilarity: num(root, 'phoneticSimilarity', 'matching', p, 0, 1),
    weights: {
      firstName: num(w, 'firstName', 'weights', p, 0, 1),
      lastName: num(w, 'lastName', 'weights', p, 0, 1),
      dateOfBirth: {
        exact: num(dob, 'exact', 'weights.dateOfBirth', p, 0, 1),
        transposed: num(dob, 'transposed', 'weights.dateOfBirth', p, 0, 1),
        yearOffByOne: num(dob, 'yearOffByOne', 'weights.dateOfBirth', p, 0, 1),
        unknown: num(dob, 'unknown', 'weights.dateOfBirth', p, -1, 1),
        mismatch: num(dob, 'mismatch', 'weights.dateOfBirth', p, -1, 0),
      },
      postcode: {
        exact: num(pc, 'exact', 'weights.postcode', p, 0, 1),
        district: num(pc, 'district', 'weights.postcode', p, 0, 1),
        unknown: num(pc, 'unknown', 'weights.postcode', p, -1, 1),
        mismatch: num(pc, 'mismatch', 'weights.postcode', p, -1, 0),
      },
      sexMismatch: num(w, 'sexMismatch', 'weights', p, -1, 0),
    },
  };
  if (!p.length && cfg.thresholds.candidate >= cfg.thresholds.autoLink) p.push('thresholds.candidate: must be below thresholds.autoLink');
  if (!p.length && cfg.weights.dateOfBirth.transposed >= cfg.weights.dateOfBirth.exact) p.push('weights.dateOfBirth.transposed: must be below weights.dateOfBirth.exact');
  if (p.length) fail(file, p);
  return cfg;
}

export function validateHistoryConfig(raw: unknown, vocab: Vocabulary, file = 'people-history.yaml'): HistoryConfig {
  const p: Problems = [];
  const root = obj(raw, 'history', p);
  noExtra(root, ['version', 'flags', 'facts', 'chronology'], 'history', p);
  const f = obj(root.flags, 'flags', p);
  const flagKeys = ['repeatContacts', 'recontactAfterClosure', 'repeatAllegation', 'daNotifications', 'missingEpisodes', 'wasNotBrought', 'frequentMover', 'newAdult', 'pregnancyOrBirth', 'siblingCpPlan', 'cumulativeHarm'];
  noExtra(f, flagKeys, 'flags', p);
  const at = (k: string) => obj(f[k], `flags.${k}`, p);
  const cats = vocab.concernCategories;
  const countWindow = (o: Record<string, unknown>, path: string): CountWindow => ({
    count: num(o, 'count', path, p, 1, 1000, true),
    withinMonths: num(o, 'withinMonths', path, p, 1, 1200, true),
  });
  const rc = at('repeatContacts');
  const rac = at('recontactAfterClosure');
  const ra = at('repeatAllegation');
  const da = at('daNotifications');
  const me = at('missingEpisodes');
  const wnb = at('wasNotBrought');
  const fm = at('frequentMover');
  const na = at('newAdult');
  const pb = at('pregnancyOrBirth');
  const sc = at('siblingCpPlan');
  const ch = at('cumulativeHarm');
  const facts = obj(root.facts, 'facts', p);
  noExtra(facts, ['selfHarm', 'neglectAgencies'], 'facts', p);
  const sh = obj(facts.selfHarm, 'facts.selfHarm', p);
  const ng = obj(facts.neglectAgencies, 'facts.neglectAgencies', p);
  const chr = obj(root.chronology, 'chronology', p);
  const cfg: HistoryConfig = {
    version: str(root, 'version', 'history', p),
    flags: {
      repeatContacts: countWindow(rc, 'flags.repeatContacts'),
      recontactAfterClosure: {
        withinMonths: num(rac, 'withinMonths', 'flags.recontactAfterClosure', p, 1, 1200, true),
        outcomes: list(rac, 'outcomes', 'flags.recontactAfterClosure', p, vocab.decisionOutcomes),
        closureLevels: list(rac, 'closureLevels', 'flags.recontactAfterClosure', p, vocab.childLevels, false),
      },
      repeatAllegation: { ...countWindow(ra, 'flags.repeatAllegation'), categories: list(ra, 'categories', 'flags.repeatAllegation', p, cats) },
      daNotifications: { ...countWindow(da, 'flags.daNotifications'), categories: list(da, 'categories', 'flags.daNotifications', p, cats) },
      missingEpisodes: {
        count: num(me, 'count', 'flags.missingEpisodes', p, 1, 1000, true),
        withinDays: num(me, 'withinDays', 'flags.missingEpisodes', p, 1, 36500, true),
        categories: list(me, 'categories', 'flags.missingEpisodes', p, cats),
      },
      wasNotBrought: { ...countWindow(wnb, 'flags.wasNotBrought'), categories: list(wnb, 'categories', 'flags.wasNotBrought', p, cats) },
      frequentMover: countWindow(fm, 'flags.frequentMover'),
      newAdult: {
        count: num(na, 'count', 'flags.newAdult', p, 1, 100, true),
        lookbackMonths: num(na, 'lookbackMonths', 'flags.newAdult', p, 1, 1200, true),
        categories: list(na, 'categories', 'flags.newAdult', p, cats, false),
      },
      pregnancyOrBirth: {
        earlierContacts: num(pb, 'earlierContacts', 'flags.pregnancyOrBirth', p, 1, 1000, true),
        lookbackMonths: num(pb, 'lookbackMonths', 'flags.pregnancyOrBirth', p, 1, 1200, true),
        birthWithinMonths: num(pb, 'birthWithinMonths', 'flags.pregnancyOrBirth', p, 0, 60, true),
        categories: list(pb, 'categories', 'flags.pregnancyOrBirth', p, cats, false),
      },
      siblingCpPlan: { count: num(sc, 'count', 'flags.siblingCpPlan', p, 1, 100, true) },
      cumulativeHarm: { ...countWindow(ch, 'flags.cumulativeHarm'), categories: list(ch, 'categories', 'flags.cumulativeHarm', p, cats) },
    },
    facts: {
      selfHarm: { withinDays: num(sh, 'withinDays', 'facts.selfHarm', p, 1, 36500, true), categories: list(sh, 'categories', 'facts.selfHarm', p, cats) },
      // The fact's name says 12 months (rules name it), so the window is fixed at 12.
      neglectAgencies: { withinMonths: num(ng, 'withinMonths', 'facts.neglectAgencies', p, 12, 12, true), categories: list(ng, 'categories', 'facts.neglectAgencies', p, cats) },
    },
    chronology: {
      keyConcernCategories: list(chr, 'keyConcernCategories', 'chronology', p, cats, false),
      keyDecisionOutcomes: list(chr, 'keyDecisionOutcomes', 'chronology', p, vocab.decisionOutcomes, false),
      keyLevels: list(chr, 'keyLevels', 'chronology', p, vocab.childLevels, false),
    },
  };
  if (p.length) fail(file, p);
  return cfg;
}
