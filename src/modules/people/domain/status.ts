/**
 * A child's level over time (SPEC STEP-1, PPL-3): the current level and the child protection plans,
 * read from status transitions. Pure.
 */
export interface LevelChange {
  id: string;
  fromLevel: string | null;
  toLevel: string;
  effectiveAt: Date;
  categoryOfAbuse: string | null;
}

export interface CpPlan {
  startedAt: string;
  endedAt: string | null;
  categoryOfAbuse: string | null;
}

export function currentLevel(changes: LevelChange[], at: Date): { level: string; since: string } | null {
  const past = changes.filter((c) => c.effectiveAt <= at).sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
  const last = past[past.length - 1];
  return last ? { level: last.toLevel, since: last.effectiveAt.toISOString() } : null;
}

/** Child protection plans: from a move to child_protection to the next move away from it (open when none). */
export function cpPlans(changes: LevelChange[]): CpPlan[] {
  const plans: CpPlan[] = [];
  let open: CpPlan | null = null;
  for (const c of [...changes].sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime())) {
    if (c.toLevel === 'child_protection') {
      if (!open) {
        open = { startedAt: c.effectiveAt.toISOString(), endedAt: null, categoryOfAbuse: c.categoryOfAbuse };
        plans.push(open);
      } else if (c.categoryOfAbuse) {
        open.categoryOfAbuse = c.categoryOfAbuse;
      }
    } else if (open) {
      open.endedAt = c.effectiveAt.toISOString();
      open = null;
    } else if (c.fromLevel === 'child_protection') {
      // A plan whose start was never recorded here (e.g. from before the service).
      plans.push({ startedAt: '', endedAt: c.effectiveAt.toISOString(), categoryOfAbuse: c.categoryOfAbuse });
    }
  }
  return plans;
}
