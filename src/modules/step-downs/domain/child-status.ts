import type { ChildLevel } from './child-level-vocabulary';
import type { RuleBreak } from '../../../common/rule-break';

/** Categories of abuse of a child protection plan (CIN census). */
export const CATEGORIES_OF_ABUSE = ['NEG', 'PHY', 'EMO', 'SAB', 'MUL'] as const;
export type CategoryOfAbuse = (typeof CATEGORIES_OF_ABUSE)[number];

export interface ExternalStatusChange {
  level: ChildLevel;
  startedAt?: Date | null;
  endedAt?: Date | null;
  categoryOfAbuse?: string | null;
  /** Level after an ending; default by what ended. */
  nextLevel?: ChildLevel | null;
}

export interface PlannedTransition {
  fromLevel: ChildLevel;
  toLevel: ChildLevel;
  effectiveAt: Date;
  categoryOfAbuse: CategoryOfAbuse | null;
}

/** After a CP plan or care ends the child is usually still a child in need; after anything else, universal. */
export function defaultLevelAfterEnding(ended: ChildLevel): ChildLevel {
  return ended === 'child_protection' || ended === 'looked_after' ? 'child_in_need' : 'universal';
}

/**
 * A status change made outside the MASH (SPEC STEP-1): a start moves the child to `level`; an end
 * closes the current `level` (it must be the current one). CP plans carry their category of abuse.
 */
export function planExternalTransition(current: ChildLevel, change: ExternalStatusChange, now: Date): { transition?: PlannedTransition; breaks: RuleBreak[] } {
  const breaks: RuleBreak[] = [];
  const starting = !!change.startedAt;
  if (starting === !!change.endedAt) {
    breaks.push({ field: 'startedAt', rule: 'STEP-1.start-or-end', message: 'Give either startedAt (a level began) or endedAt (a level ended), not both' });
    return { breaks };
  }
  const at = (change.startedAt ?? change.endedAt)!;
  if (at.getTime() > now.getTime()) breaks.push({ field: starting ? 'startedAt' : 'endedAt', rule: 'STEP-1.not-future', message: 'A status change is recorded once it has happened' });
  const category = change.categoryOfAbuse ?? null;
  if (starting && change.level === 'child_protection' && !category) {
    breaks.push({ field: 'categoryOfAbuse', rule: 'STEP-1.category-required', message: 'A child protection plan needs its category of abuse (NEG, PHY, EMO, SAB or MUL)' });
  }
  if (category && !(starting && change.level === 'child_protection')) {
    breaks.push({ field: 'categoryOfAbuse', rule: 'STEP-1.category-only-for-cp-start', message: 'A category of abuse is recorded when a child protection plan starts' });
  }
  if (starting && change.nextLevel) breaks.push({ field: 'nextLevel', rule: 'STEP-1.next-level-on-end', message: 'nextLevel is given with endedAt only' });
  if (!starting && change.level !== current) {
    breaks.push({ field: 'level', rule: 'STEP-1.not-current', message: `The child's current level is ${current}, so ${change.level} cannot end` });
  }
  if (starting && change.level === current) breaks.push({ field: 'level', rule: 'STEP-1.already-current', message: `The child is already at ${current}` });
  if (breaks.length) return { breaks };
  const toLevel = starting ? change.level : (change.nextLevel ?? defaultLevelAfterEnding(change.level));
  return { transition: { fromLevel: current, toLevel, effectiveAt: at, categoryOfAbuse: (category as CategoryOfAbuse | null) }, breaks };
}
