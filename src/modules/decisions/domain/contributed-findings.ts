import type { GuardResult } from './decision-guards';

/**
 * A rule another feature adds to the decision screen broke (e.g. STR-2); overridable by a manager
 * with a reason, unless `overridable` is false (something missing that no reason supplies).
 */
export interface ContributedFinding {
  rule: string;
  field: string;
  message: string;
  overridable?: boolean;
}

/** The decision screen's verdict once other features' guards are added; rules are plain strings here. */
export interface MergedGuardResult {
  violations: ContributedFinding[];
  overrides: ContributedFinding[];
  needsApproval: GuardResult['needsApproval'];
  approvalsRequired: number;
  requiresSecondManager: boolean;
}

/** Contributed findings block the decision, unless a manager overrides them with a reason (then DEC-4 approval). */
export function mergeContributedFindings(result: GuardResult, contributed: ContributedFinding[], managerOverride: boolean): MergedGuardResult {
  const strip = ({ rule, field, message }: ContributedFinding) => ({ rule, field, message });
  const fixed = contributed.filter((f) => f.overridable === false).map(strip);
  const overridable = contributed.filter((f) => f.overridable !== false).map(strip);
  contributed = overridable;
  const merged: MergedGuardResult = {
    violations: [...result.violations.map(strip), ...fixed, ...(managerOverride ? [] : overridable)],
    overrides: [...result.overrides.map(strip), ...(managerOverride ? overridable : [])],
    needsApproval: [...result.needsApproval],
    approvalsRequired: result.approvalsRequired,
    requiresSecondManager: result.requiresSecondManager,
  };
  if (managerOverride && contributed.length && !merged.needsApproval.some((n) => n.reason === 'DEC-4.override')) {
    merged.needsApproval.push({ reason: 'DEC-4.override', message: 'An override is approved by another manager (SPEC DEC-4)', secondManager: false });
    merged.approvalsRequired = Math.max(merged.approvalsRequired, 1);
  }
  return merged;
}
