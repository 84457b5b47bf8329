import type { EntityManager } from 'typeorm';
import type { RagGrade } from '../domain/decision-vocabulary';

/** What triage knows about a child that a decision's guards need (SPEC RAG-3, PPL-4, DEC-4). */
export interface ChildGradePicture {
  /** The worker-confirmed grade (RAG-3); null until confirmed, and a decision then waits (409). */
  grade: RagGrade | null;
  /** Version of the threshold framework (config/thresholds) the grade was made under (DEC-1). */
  frameworkVersion: string;
  /** PPL-4 accumulation flags on the child, as rule ids (e.g. PPL-4.repeat-contacts). */
  flags: string[];
  /** A child-protection indicator was ever recorded for the child: CP plan, s47, a CP-level decision (DEC-4). */
  cpIndicatorEverRecorded: boolean;
}

/**
 * PORT, deliberately unbound in the decisions branch: the integrator binds it to triage (grades,
 * flags from people) with DecisionRecordingModule.register(...). Reads inside the caller's transaction.
 */
export abstract class GradeReader {
  abstract read(em: EntityManager, contactId: string, subjectId: string): Promise<ChildGradePicture>;
}
