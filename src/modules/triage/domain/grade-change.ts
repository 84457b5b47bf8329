import type { Urgency } from '../../contacts/domain/contact-vocabulary';
import { Grade, gradeRank } from './grades';

export interface GradeChangeRequest {
  /** The child's grade in effect now (provisional, or as last confirmed/approved). */
  current: Grade;
  requested: Grade;
  referrerUrgency: Urgency | null;
  /** The lowest grade a manager has already approved for this child, if any. */
  approvedFloor: Grade | null;
}

export type GradeChangeKind = 'confirm' | 'raise' | 'needs_approval';

/**
 * RAG-3: a worker confirms or changes a child's grade. Raising never needs approval and takes effect
 * at once. Lowering the grade in effect, or grading below RED when the referrer said "immediate risk",
 * needs a manager's approval (scores advise, people decide: TRI 8.4.2; IOW 2.3) - unless a manager
 * already approved that low a grade for this child.
 */
export function classifyGradeChange(r: GradeChangeRequest): { kind: GradeChangeKind; reasons: string[] } {
  const reasons: string[] = [];
  if (gradeRank(r.requested) < gradeRank(r.current)) reasons.push('RAG-3.lowering');
  const alreadyApproved = r.approvedFloor !== null && gradeRank(r.requested) >= gradeRank(r.approvedFloor);
  if (r.referrerUrgency === 'immediate_risk' && r.requested !== 'RED' && !alreadyApproved) reasons.push('RAG-3.below-immediate-risk');
  if (reasons.length) return { kind: 'needs_approval', reasons };
  return { kind: gradeRank(r.requested) > gradeRank(r.current) ? 'raise' : 'confirm', reasons };
}
